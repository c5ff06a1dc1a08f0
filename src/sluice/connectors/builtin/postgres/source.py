"""``PostgresSource``: tables, views and SQL queries streamed out with ``COPY`` as Arrow batches.

Guarantees:
- ``read`` runs one ``COPY (SELECT ...) TO STDOUT (FORMAT csv)`` and parses it in row-aligned
  chunks of ``copy_chunk_bytes`` (8 MB) with ``pyarrow.csv``: one batch per chunk, typed
  exactly as ``configured.selected_schema`` (see :mod:`.types` for the type table). Memory is
  bounded by about two chunks plus one batch whatever the table size.
- Incremental reads select ``cursor > <checkpoint cursor>`` ordered by the cursor ascending
  (``NULLS LAST``). Because rows arrive in cursor order, the largest cursor seen so far is the
  last non-null cursor of the latest batch; every batch carries
  ``{"cursor_field": ..., "cursor": <largest so far>}`` and so covers all rows of earlier
  batches. A strict ``>`` never re-reads a row; rows sharing the checkpoint's cursor value that
  were committed *after* the previous run read it are missed, so pick a cursor that only grows
  (an ``updated_at`` set by the writer, a sequence). Rows with a NULL cursor are read by the
  first (checkpoint-less) run only. A checkpoint for another cursor field is ignored (full read).
- Stream names are ``schema.relation``; the first dot separates them. Query streams
  (``kind="query"``, from :meth:`PostgresSource.query_stream`) keep their SQL in
  ``StreamSpec.description`` and are read as ``SELECT cols FROM (<sql>) AS sluice_q``.
- ``copy_out_binary`` yields ``COPY ... (FORMAT binary)`` bytes for the same-engine relay.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any, ClassVar

import psycopg
import pyarrow as pa
import pyarrow.compute as pc
from psycopg import sql

from sluice.connectors.builtin.postgres import catalog
from sluice.connectors.builtin.postgres.config import PostgresConfig
from sluice.connectors.builtin.postgres.copy_io import (
    LazyConnection,
    copy_out,
    csv_to_batch,
    map_error,
)
from sluice.connectors.builtin.postgres.types import field_native_type
from sluice.connectors.sdk import (
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfigError,
    ConfiguredStream,
    ConnectorError,
    Source,
    StreamSpec,
    SyncMode,
)


def _jsonable(value: Any) -> Any:
    """A JSON-serialisable form of a cursor value that PostgreSQL casts back exactly."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return value


class PostgresSource(Source[PostgresConfig]):
    """Reads a PostgreSQL database (see the module docstring for the guarantees)."""

    spec: ClassVar[type[PostgresConfig]] = PostgresConfig
    capabilities: ClassVar[frozenset[Capability]] = frozenset(
        {
            Capability.INCREMENTAL,
            Capability.QUERY_STREAMS,
            Capability.RELATIONSHIPS,
            Capability.POSTGRES_BINARY_COPY,
        }
    )
    copy_chunk_bytes: int = 8 << 20
    """CSV bytes parsed per Arrow batch; one batch holds about this much data."""
    binary_chunk_bytes: int = 1 << 20
    """Bytes per chunk yielded by :meth:`copy_out_binary`."""

    def __init__(self, config: PostgresConfig) -> None:
        super().__init__(config)
        self._db = LazyConnection(config)

    def _connection(self) -> psycopg.Connection[Any]:
        return self._db.get()

    def close(self) -> None:
        """Close the connection (idempotent)."""
        self._db.close()

    def check(self) -> CheckResult:
        """Connect and run a query; ``ok=False`` with the server's reason on any failure."""
        where = f"{self.config.host}:{self.config.port}/{self.config.database}"
        try:
            conn = self._connection()
            row = conn.execute("SELECT current_setting('server_version'), current_user").fetchone()
        except (ConnectorError, psycopg.Error) as exc:
            self.close()
            return CheckResult(False, f"Cannot connect to {where}: {exc}")
        version, user = row if row else ("?", "?")
        return CheckResult(True, f"Connected to PostgreSQL {version} at {where} as {user}")

    def discover(self) -> Catalog:
        """Tables, views and materialized views with keys, cursors and sizes."""
        try:
            return catalog.discover(self._connection(), self.config.schemas)
        except psycopg.Error as exc:
            raise map_error(exc, "discovering the catalog") from exc

    def query_stream(self, name: str, query: str) -> StreamSpec:
        """Describe ``query`` (a ``SELECT``) as stream ``name`` without reading any row."""
        try:
            return catalog.describe_query(self._connection(), name, query.strip().rstrip(";"))
        except ValueError as exc:
            raise ConfigError(str(exc), field="query") from exc
        except psycopg.Error as exc:
            error = map_error(exc, "describing the query")
            if error.retryable:
                raise error from exc
            raise ConfigError(str(error), field="query") from exc

    # -- reading -------------------------------------------------------------------------------

    def _relation(self, stream: StreamSpec) -> sql.Composable:
        if stream.kind == "query":
            if not stream.description:
                raise ConfigError(f"query stream {stream.name!r} has no SQL in its description")
            text = stream.description.strip().rstrip(";")
            return sql.SQL("({}) AS sluice_q").format(sql.SQL(text))
        schema, dot, table = stream.name.partition(".")
        if not dot:
            raise ConfigError(f"stream name {stream.name!r} is not schema.table")
        return sql.Identifier(schema, table)

    def _select(
        self, configured: ConfiguredStream, names: list[str], where: sql.Composable | None
    ) -> sql.Composed:
        query = sql.SQL("SELECT {} FROM {}").format(
            sql.SQL(", ").join(sql.Identifier(n) for n in names),
            self._relation(configured.stream),
        )
        if where is not None:
            query = sql.SQL("{} WHERE {}").format(query, where)
        return query

    def _cursor(self, configured: ConfiguredStream) -> str | None:
        if configured.sync_mode != SyncMode.INCREMENTAL:
            return None
        cursor = configured.cursor_field or next(iter(configured.stream.cursor_candidates), None)
        if cursor is None:
            raise ConfigError(f"stream {configured.stream.name!r} needs a cursor field")
        if cursor not in configured.stream.schema.names:
            raise ConfigError(f"cursor field {cursor!r} is not a column of the stream")
        return cursor

    def read(self, configured: ConfiguredStream, checkpoint: Checkpoint | None) -> Iterator[Batch]:
        """Stream the selected columns as Arrow batches (see the module docstring)."""
        schema = configured.selected_schema
        cursor = self._cursor(configured)
        parse_fields = list(schema)
        if cursor is not None and cursor not in schema.names:
            parse_fields.append(configured.stream.schema.field(cursor))
        parse_schema = pa.schema(parse_fields)
        where: sql.Composable | None = None
        last: Any = None
        data = checkpoint.data if checkpoint is not None else {}
        if cursor is not None and data.get("cursor_field") == cursor and "cursor" in data:
            last = data["cursor"]
            where = sql.SQL("{} > {}").format(
                sql.Identifier(cursor), self._literal(configured.stream, cursor, last)
            )
        query = self._select(configured, parse_schema.names, where)
        if cursor is not None:
            query = sql.SQL("{} ORDER BY {} ASC NULLS LAST").format(query, sql.Identifier(cursor))
        conn = self._connection()
        statement = sql.SQL("COPY ({}) TO STDOUT (FORMAT csv)").format(query)
        for chunk in copy_out(conn, statement.as_bytes(conn), self.copy_chunk_bytes):
            batch = csv_to_batch(chunk, parse_schema)
            state: Checkpoint | None = None
            if cursor is not None:
                seen = pc.drop_null(batch.column(cursor))
                if len(seen):
                    last = _jsonable(seen[len(seen) - 1].as_py())
                if last is not None:
                    state = Checkpoint({"cursor_field": cursor, "cursor": last})
                if cursor not in schema.names:
                    batch = batch.drop_columns([cursor])
            yield Batch(batch, state)

    @staticmethod
    def _literal(stream: StreamSpec, cursor: str, value: Any) -> sql.Composable:
        native = field_native_type(stream.schema.field(cursor))
        literal = sql.Literal(value if isinstance(value, int | float) else str(value))
        if native is None:
            return literal
        return sql.SQL("{}::{}").format(literal, sql.SQL(native))

    def copy_out_binary(self, configured: ConfiguredStream) -> Iterator[bytes]:
        """The selected columns as PostgreSQL binary COPY data (header included), ~1 MB chunks."""
        conn = self._connection()
        query = self._select(configured, configured.selected_schema.names, None)
        statement = sql.SQL("COPY ({}) TO STDOUT (FORMAT binary)").format(query)
        for chunk in copy_out(conn, statement.as_bytes(conn), self.binary_chunk_bytes):
            yield bytes(chunk)
