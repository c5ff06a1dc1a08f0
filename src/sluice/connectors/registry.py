"""Finds connectors through the ``sluice.connectors`` entry-point group, built-ins included."""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from sluice.connectors.sdk.connector import Connector

ENTRY_POINT_GROUP = "sluice.connectors"


class UnknownConnectorError(LookupError):
    """No connector is registered under the requested name."""


@cache
def _load_all() -> dict[str, Connector]:
    found: dict[str, Connector] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        descriptor = ep.load()
        if not isinstance(descriptor, Connector):
            msg = f"entry point {ep.name!r} does not name a sluice Connector"
            raise TypeError(msg)
        found[ep.name] = descriptor
    return dict(sorted(found.items()))


def list_connectors() -> list[Connector]:
    """Every registered connector, sorted by name."""
    return list(_load_all().values())


def get_connector(name: str) -> Connector:
    """The connector registered as ``name``; ``UnknownConnectorError`` lists the known ones."""
    found = _load_all()
    if name not in found:
        known = ", ".join(found) or "none"
        msg = f"unknown connector {name!r} (registered: {known})"
        raise UnknownConnectorError(msg)
    return found[name]
