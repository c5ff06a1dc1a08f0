"""``PostgresDestination``: create or evolve tables, then load Arrow batches with ``COPY``.

Guarantees:
- ``open`` creates the schema and the table when missing (column types: the field's native
  type when this server knows it, else the Arrow mapping of :func:`.types.pg_type_for`), adds
  the columns the target lacks (nullable), and gives merge targets a primary key (or a unique
  index when another primary key exists).
- Batches are written with ``COPY ... FROM STDIN (FORMAT csv)`` from ``pyarrow.csv`` output:
  no per-row Python, and ``jsonb``/``numeric``/arrays are parsed by the server itself.
- Every writer owns one connection and one open transaction; nothing is visible before
  :meth:`PostgresWriter.commit`, and :meth:`PostgresWriter.abort` rolls back, so a crash never
  leaves partial data or staging tables behind. See :mod:`.writer` for the write modes.
"""

from __future__ import annotations

from typing import Any, ClassVar

import psycopg
import pyarrow as pa
from psycopg import sql

from sluice.connectors.builtin.postgres.config import PostgresConfig
from sluice.connectors.builtin.postgres.copy_io import LazyConnection, connect, map_error
from sluice.connectors.builtin.postgres.types import field_native_type, native_field, pg_type_for
from sluice.connectors.builtin.postgres.writer import PostgresWriter, table_columns
from sluice.connectors.sdk import (
    Capability,
    CheckResult,
    ConfigError,
    ConnectorError,
    Destination,
    WriteMode,
    WriteTarget,
)

_CAN_WRITE = """
SELECT current_setting('server_version'), current_user,
       has_database_privilege(current_database(), 'CREATE')
       OR EXISTS (SELECT 1 FROM pg_namespace
                  WHERE nspname !~ '^pg_' AND nspname <> 'information_schema'
                    AND has_schema_privilege(oid, 'CREATE'))
"""

_UNIQUE_ON = """
SELECT i.indisprimary, ARRAY(SELECT a.attname::text FROM unnest(i.indkey) k(num)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.num)
FROM pg_index i WHERE i.indrelid = %s::regclass AND i.indisunique AND i.indpred IS NULL
"""


class PostgresDestination(Destination[PostgresConfig]):
    """Loads streams into a PostgreSQL database (see the module docstring)."""

    spec: ClassVar[type[PostgresConfig]] = PostgresConfig
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {Capability.MERGE, Capability.POSTGRES_BINARY_COPY}
    )

    def __init__(self, config: PostgresConfig) -> None:
        super().__init__(config)
        self._db = LazyConnection(config)

    def _connection(self) -> psycopg.Connection[Any]:
        return self._db.get()

    def close(self) -> None:
        """Close the metadata connection (writers own theirs). Idempotent."""
        self._db.close()

    def check(self) -> CheckResult:
        """Connect and verify the role may create a schema or a table somewhere."""
        where = f"{self.config.host}:{self.config.port}/{self.config.database}"
        try:
            row = self._connection().execute(_CAN_WRITE).fetchone()
        except (ConnectorError, psycopg.Error) as exc:
            self.close()
            return CheckResult(False, f"Cannot connect to {where}: {exc}")
        version, user, can_create = row if row else ("?", "?", False)
        if not can_create:
            return CheckResult(
                False, f"Connected to {where} as {user}, but it may not create schemas or tables"
            )
        return CheckResult(True, f"Connected to PostgreSQL {version} at {where} as {user}")

    def existing_schema(self, namespace: str, name: str) -> pa.Schema | None:
        """The table's columns as Arrow fields (native types in metadata), or ``None``."""
        try:
            conn = self._connection()
            columns = table_columns(conn, sql.Identifier(namespace, name).as_string(conn))
        except psycopg.Error as exc:
            raise map_error(exc, "reading the table definition") from exc
        if columns is None:
            return None
        return pa.schema([native_field(c, t, nullable) for c, (t, nullable) in columns.items()])

    def open(self, target: WriteTarget) -> PostgresWriter:
        """Create or evolve ``target`` (see the module docstring) and return its writer."""
        if target.write_mode == WriteMode.MERGE and not target.primary_key:
            raise ConfigError(f"merge into {target.namespace}.{target.name} needs a primary key")
        missing_pk = set(target.primary_key) - set(target.schema.names)
        if missing_pk:
            raise ConfigError(f"primary key columns {sorted(missing_pk)} are not in the stream")
        try:
            types = self._prepare(target)
            return PostgresWriter(connect(self.config, autocommit=False), target, types)
        except psycopg.Error as exc:
            raise map_error(exc, f"preparing {target.namespace}.{target.name}") from exc

    def _column_types(self, schema: pa.Schema) -> dict[str, str]:
        """Column type per field: the native type if this server resolves it, else mapped."""
        natives = {f.name: field_native_type(f) for f in schema}
        candidates = sorted({t for t in natives.values() if t})
        known: set[str] = set()
        conn = self._connection()
        for native in candidates:
            try:
                row = conn.execute("SELECT to_regtype(%s) IS NOT NULL", (native,)).fetchone()
            except psycopg.Error:  # not even a type name: use the Arrow mapping
                continue
            if row and row[0]:
                known.add(native)
        return {
            f.name: (natives[f.name] if natives[f.name] in known else pg_type_for(f.type))  # type: ignore[misc]
            for f in schema
        }

    def _prepare(self, target: WriteTarget) -> dict[str, str]:
        conn = self._connection()
        types = self._column_types(target.schema)
        # Streams of one run (and other jobs) prepare tables concurrently: serialise the DDL per
        # schema, or two "CREATE SCHEMA IF NOT EXISTS" race into a unique violation.
        with conn.transaction():
            conn.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", (f"sluice:{target.namespace}",)
            )
            return self._create_or_evolve(conn, target, types)

    def _create_or_evolve(
        self, conn: psycopg.Connection[Any], target: WriteTarget, types: dict[str, str]
    ) -> dict[str, str]:
        table = sql.Identifier(target.namespace, target.name)
        conn.execute(
            sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(target.namespace))
        )
        existing = table_columns(conn, table.as_string(conn))
        if existing is None:
            cols = [
                sql.SQL("{} {}{}").format(
                    sql.Identifier(f.name),
                    sql.SQL(types[f.name]),
                    sql.SQL("" if f.nullable else " NOT NULL"),
                )
                for f in target.schema
            ]
            if target.write_mode == WriteMode.MERGE:
                cols.append(sql.SQL("PRIMARY KEY ({})").format(_idents(target.primary_key)))
            conn.execute(sql.SQL("CREATE TABLE {} ({})").format(table, sql.SQL(", ").join(cols)))
            return types
        if target.write_mode == WriteMode.OVERWRITE:
            return types  # the old table stays untouched; the staging copy gets the new columns
        for f in target.schema:
            if f.name not in existing:
                conn.execute(
                    sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                        table,
                        sql.Identifier(f.name),
                        sql.SQL(types[f.name]),
                    )
                )
        if target.write_mode == WriteMode.MERGE:
            self._ensure_unique(conn, target)
        return types

    @staticmethod
    def _ensure_unique(conn: psycopg.Connection[Any], target: WriteTarget) -> None:
        regclass = sql.Identifier(target.namespace, target.name).as_string(conn)
        rows = conn.execute(_UNIQUE_ON, (regclass,)).fetchall()
        if any(set(cols) == set(target.primary_key) for _, cols in rows):
            return
        table = sql.Identifier(target.namespace, target.name)
        keys = _idents(target.primary_key)
        if not any(is_pk for is_pk, _ in rows):
            conn.execute(sql.SQL("ALTER TABLE {} ADD PRIMARY KEY ({})").format(table, keys))
            return
        index = sql.Identifier(f"{target.name[:40]}_sluice_merge_key")
        conn.execute(sql.SQL("CREATE UNIQUE INDEX {} ON {} ({})").format(index, table, keys))


def _idents(names: tuple[str, ...] | list[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)
