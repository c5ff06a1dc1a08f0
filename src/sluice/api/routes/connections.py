"""Connections: CRUD, test, discover and the cached schema."""

from __future__ import annotations

from fastapi import APIRouter

from sluice.api.deps import CipherDep, CurrentUser, OptionalCipherDep, SessionDep
from sluice.api.schemas.connections import (
    CatalogPublic,
    ConnectionCreate,
    ConnectionPublic,
    ConnectionsPublic,
    ConnectionTestResult,
    ConnectionUpdate,
)
from sluice.core import connections as core
from sluice.core.connections import CachedCatalog
from sluice.db.base import utcnow
from sluice.db.models import Connection
from sluice.errors import NotFoundError
from sluice.security.crypto import Cipher

router = APIRouter(prefix="/api/connections", tags=["connections"])


def _public(conn: Connection, cipher: Cipher | None) -> ConnectionPublic:
    return ConnectionPublic(
        id=conn.id,
        name=conn.name,
        connector_type=conn.connector_type,
        is_source=conn.is_source,
        config=core.masked_config(cipher, conn),
        created_at=conn.created_at,
        updated_at=conn.updated_at,
        last_test_ok=conn.last_test_ok,
        last_test_message=conn.last_test_message,
        last_tested_at=conn.last_tested_at,
    )


def _catalog(cached: CachedCatalog) -> CatalogPublic:
    streams = [
        {k: v for k, v in s.items() if k != "arrow_schema"} for s in cached.catalog["streams"]
    ]
    return CatalogPublic(
        connection_id=cached.connection_id,
        discovered_at=cached.discovered_at,
        age_seconds=(utcnow() - cached.discovered_at).total_seconds(),
        streams=streams,
    )


@router.get("")
def list_all(
    _user: CurrentUser,
    session: SessionDep,
    cipher: OptionalCipherDep,
    is_source: bool | None = None,
) -> ConnectionsPublic:
    """Every connection (configs masked; ``null`` while locked)."""
    found = core.list_connections(session, is_source=is_source)
    return ConnectionsPublic(data=[_public(c, cipher) for c in found], count=len(found))


@router.post("", status_code=201)
def create(
    body: ConnectionCreate, _user: CurrentUser, session: SessionDep, cipher: CipherDep
) -> ConnectionPublic:
    """Create a connection; the config is validated against the connector and encrypted."""
    conn = core.create_connection(
        session,
        cipher,
        name=body.name,
        connector_type=body.connector_type,
        is_source=body.is_source,
        config=body.config,
    )
    return _public(conn, cipher)


@router.get("/{connection_id}")
def get_one(
    connection_id: int, _user: CurrentUser, session: SessionDep, cipher: OptionalCipherDep
) -> ConnectionPublic:
    """One connection (secrets masked)."""
    return _public(core.get_connection(session, connection_id), cipher)


@router.patch("/{connection_id}")
def update(
    connection_id: int,
    body: ConnectionUpdate,
    _user: CurrentUser,
    session: SessionDep,
    cipher: CipherDep,
) -> ConnectionPublic:
    """Rename or change config fields; secrets left out (or masked) keep their stored value."""
    conn = core.update_connection(
        session, cipher, connection_id, name=body.name, config=body.config
    )
    return _public(conn, cipher)


@router.delete("/{connection_id}", status_code=204)
def delete(connection_id: int, _user: CurrentUser, session: SessionDep) -> None:
    """Delete a connection no pipeline uses."""
    core.delete_connection(session, connection_id)


@router.post("/{connection_id}/test")
def test(
    connection_id: int, _user: CurrentUser, session: SessionDep, cipher: CipherDep
) -> ConnectionTestResult:
    """Try to reach the system now; the result is stored on the connection."""
    outcome = core.test_connection(session, cipher, connection_id)
    return ConnectionTestResult(ok=outcome.ok, message=outcome.message, tested_at=outcome.tested_at)


@router.post("/{connection_id}/discover")
def discover(
    connection_id: int, _user: CurrentUser, session: SessionDep, cipher: CipherDep
) -> CatalogPublic:
    """Scan the source's schemas, tables, columns and relationships; cache and return them."""
    return _catalog(core.discover(session, cipher, connection_id))


@router.get("/{connection_id}/schema")
def schema(connection_id: int, _user: CurrentUser, session: SessionDep) -> CatalogPublic:
    """The cached catalog and when it was taken (404 if never discovered)."""
    conn = core.get_connection(session, connection_id)
    cached = core.cached_catalog(session, conn.id)
    if cached is None:
        msg = f"connection {conn.name!r} has not been discovered yet: POST .../discover"
        raise NotFoundError(msg)
    return _catalog(cached)
