"""Connections: create, read, update, delete, test, and discover (the metadata scanner)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sluice.connectors.sdk import Catalog, Connector, ConnectorKind
from sluice.connectors.sdk.errors import ConnectorError
from sluice.core import catalogs
from sluice.core.connectors import (
    decrypt_config,
    encrypt_config,
    find_connector,
    mask,
    merge_update,
    reveal,
    validate_config,
)
from sluice.db.base import utcnow
from sluice.db.models import Connection, MetadataCache, Pipeline
from sluice.errors import ConflictError, ExternalSystemError, InvalidInputError, NotFoundError
from sluice.security.crypto import Cipher


@dataclass(frozen=True)
class TestOutcome:
    """The result of a connection test, as stored on the connection."""

    ok: bool
    message: str
    tested_at: dt.datetime


@dataclass(frozen=True)
class CachedCatalog:
    """A connection's discovered catalog and when it was taken."""

    connection_id: int
    catalog: dict[str, Any]
    discovered_at: dt.datetime


def _check_role(connector: Connector, *, is_source: bool) -> None:
    wanted = ConnectorKind.SOURCE if is_source else ConnectorKind.DESTINATION
    if connector.kind not in (wanted, ConnectorKind.BOTH):
        role = "source" if is_source else "destination"
        msg = f"connector {connector.name!r} cannot be used as a {role}"
        raise InvalidInputError(msg, field="is_source")


def _check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise InvalidInputError("the connection needs a name", field="name")
    return name


def get_connection(session: Session, connection_id: int) -> Connection:
    """The connection; :class:`NotFoundError` if there is none."""
    conn = session.get(Connection, connection_id)
    if conn is None:
        raise NotFoundError(f"no connection with id {connection_id}")
    return conn


def find_connection(session: Session, name_or_id: str) -> Connection:
    """A connection by name, or by id when given digits (a name wins over an id)."""
    found = session.scalars(select(Connection).where(Connection.name == name_or_id)).first()
    if found is not None:
        return found
    if name_or_id.isdigit():
        return get_connection(session, int(name_or_id))
    raise NotFoundError(f"no connection named {name_or_id!r}")


def list_connections(session: Session, *, is_source: bool | None = None) -> list[Connection]:
    """Every connection, by name; optionally only sources or only destinations."""
    query = select(Connection).order_by(Connection.name)
    if is_source is not None:
        query = query.where(Connection.is_source == is_source)
    return list(session.scalars(query))


def create_connection(
    session: Session,
    cipher: Cipher,
    *,
    name: str,
    connector_type: str,
    is_source: bool,
    config: dict[str, Any],
) -> Connection:
    """Validate the config against the connector's spec and store it encrypted."""
    connector = find_connector(connector_type)
    _check_role(connector, is_source=is_source)
    name = _check_name(name)
    if session.scalars(select(Connection).where(Connection.name == name)).first():
        raise ConflictError(f"a connection named {name!r} already exists")
    parsed = validate_config(connector, config)
    conn = Connection(
        name=name,
        connector_type=connector.name,
        is_source=is_source,
        config_encrypted=encrypt_config(cipher, reveal(parsed)),
    )
    session.add(conn)
    session.flush()
    return conn


def update_connection(
    session: Session,
    cipher: Cipher,
    connection_id: int,
    *,
    name: str | None = None,
    config: dict[str, Any] | None = None,
) -> Connection:
    """Rename and/or patch config fields; omitted secrets keep their stored values."""
    conn = get_connection(session, connection_id)
    if name is not None:
        name = _check_name(name)
        clash = session.scalars(
            select(Connection).where(Connection.name == name, Connection.id != conn.id)
        ).first()
        if clash:
            raise ConflictError(f"a connection named {name!r} already exists")
        conn.name = name
    if config is not None:
        connector = find_connector(conn.connector_type)
        stored = decrypt_config(cipher, conn.config_encrypted)
        parsed = validate_config(connector, merge_update(connector, stored, config))
        conn.config_encrypted = encrypt_config(cipher, reveal(parsed))
        conn.last_test_ok = None
        conn.last_test_message = None
        conn.last_tested_at = None
    conn.updated_at = utcnow()
    session.flush()
    return conn


def delete_connection(session: Session, connection_id: int) -> None:
    """Delete a connection that no pipeline uses (409 naming the pipelines otherwise)."""
    conn = get_connection(session, connection_id)
    users = session.scalars(
        select(Pipeline.name).where(
            or_(
                Pipeline.source_connection_id == conn.id,
                Pipeline.destination_connection_id == conn.id,
            )
        )
    ).all()
    if users:
        msg = f"connection {conn.name!r} is used by pipeline(s): {', '.join(sorted(users))}"
        raise ConflictError(msg)
    session.delete(conn)
    session.flush()


def masked_config(cipher: Cipher | None, conn: Connection) -> dict[str, Any] | None:
    """The config with secrets masked, or ``None`` while locked (cannot be decrypted)."""
    if cipher is None:
        return None
    connector = find_connector(conn.connector_type)
    return mask(connector, decrypt_config(cipher, conn.config_encrypted))


def parsed_config(cipher: Cipher, conn: Connection) -> tuple[Connector, BaseModel]:
    """The connector and its validated, decrypted config (for workers, never responses)."""
    connector = find_connector(conn.connector_type)
    return connector, validate_config(connector, decrypt_config(cipher, conn.config_encrypted))


def run_check(connector: Connector, config: BaseModel, *, is_source: bool) -> tuple[bool, str]:
    """Run the connector's own check; an unexpected exception becomes a failed check."""
    try:
        if is_source:
            with connector.create_source(config) as source:
                result = source.check()
        else:
            with connector.create_destination(config) as destination:
                result = destination.check()
    except ConnectorError as exc:
        return False, str(exc)
    except Exception as exc:  # noqa: BLE001 - a test must report, not crash
        return False, f"{type(exc).__name__}: {exc}"
    return result.ok, result.message


def record_test(session: Session, conn: Connection, *, ok: bool, message: str) -> TestOutcome:
    """Store a test result on the connection."""
    conn.last_test_ok = ok
    conn.last_test_message = message
    conn.last_tested_at = utcnow()
    session.flush()
    return TestOutcome(ok=ok, message=message, tested_at=conn.last_tested_at)


def run_discover(connector: Connector, config: BaseModel) -> Catalog:
    """Discover the source's streams (raises connector errors for the caller to report)."""
    with connector.create_source(config) as source:
        return source.discover()


def store_catalog(session: Session, connection_id: int, catalog: Catalog) -> CachedCatalog:
    """Replace the connection's cached catalog with ``catalog``."""
    data = catalogs.catalog_to_json(catalog)
    row = session.scalars(
        select(MetadataCache).where(MetadataCache.connection_id == connection_id)
    ).first()
    now = utcnow()
    if row is None:
        row = MetadataCache(connection_id=connection_id, catalog=data, discovered_at=now)
        session.add(row)
    else:
        row.catalog = data
        row.discovered_at = now
    session.flush()
    return CachedCatalog(connection_id=connection_id, catalog=data, discovered_at=now)


def cached_catalog(session: Session, connection_id: int) -> CachedCatalog | None:
    """The cached catalog of a connection, or ``None`` if it was never discovered."""
    row = session.scalars(
        select(MetadataCache).where(MetadataCache.connection_id == connection_id)
    ).first()
    if row is None:
        return None
    return CachedCatalog(
        connection_id=connection_id, catalog=row.catalog, discovered_at=row.discovered_at
    )


def test_connection(session: Session, cipher: Cipher, connection_id: int) -> TestOutcome:
    """Check the connection now (inline) and store the result."""
    conn = get_connection(session, connection_id)
    connector, config = parsed_config(cipher, conn)
    ok, message = run_check(connector, config, is_source=conn.is_source)
    return record_test(session, conn, ok=ok, message=message)


def discover(session: Session, cipher: Cipher, connection_id: int) -> CachedCatalog:
    """Discover a source connection now (inline) and cache the catalog."""
    conn = get_connection(session, connection_id)
    if not conn.is_source:
        raise InvalidInputError(f"connection {conn.name!r} is a destination: nothing to discover")
    connector, config = parsed_config(cipher, conn)
    try:
        catalog = run_discover(connector, config)
    except ConnectorError as exc:
        msg = f"discovery of {conn.name!r} failed: {exc}"
        raise ExternalSystemError(msg) from exc
    return store_catalog(session, conn.id, catalog)
