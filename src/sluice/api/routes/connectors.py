"""Registered connectors and their config schemas."""

from __future__ import annotations

from fastapi import APIRouter

from sluice.api.deps import CurrentUser
from sluice.api.schemas.connections import ConnectorPublic, ConnectorsPublic
from sluice.api.schemas.errors import PROTECTED_ERRORS
from sluice.connectors.registry import list_connectors
from sluice.connectors.sdk import Connector
from sluice.core.connectors import find_connector
from sluice.errors import NotFoundError, SluiceError

router = APIRouter(prefix="/api/connectors", tags=["connectors"], responses=PROTECTED_ERRORS)


def _public(connector: Connector) -> ConnectorPublic:
    return ConnectorPublic(
        name=connector.name,
        title=connector.title,
        kind=connector.kind.value,
        description=connector.description,
        icon=connector.icon,
        config_schema=connector.config_schema(),
        secret_fields=connector.secret_fields(),
    )


@router.get("")
def list_all(_user: CurrentUser) -> ConnectorsPublic:
    """Every connector registered under the ``sluice.connectors`` entry-point group."""
    found = [_public(c) for c in list_connectors()]
    return ConnectorsPublic(data=found, count=len(found))


@router.get("/{name}")
def get_one(name: str, _user: CurrentUser) -> ConnectorPublic:
    """One connector with its config JSON Schema."""
    try:
        return _public(find_connector(name))
    except SluiceError as exc:
        raise NotFoundError(str(exc)) from exc
