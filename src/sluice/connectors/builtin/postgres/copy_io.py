"""Connections, error mapping and the COPY plumbing shared by the source and the destination.

Guarantees:
- Every connection runs with the same session settings (ISO dates, UTC time zone, hex bytea,
  exact floats), so the text form of every value is the one :mod:`.types` parses and writes.
- :func:`copy_out` streams ``COPY ... TO STDOUT`` through libpq directly (no per-row Python
  objects beyond the libpq message itself) and yields row-aligned chunks of about
  ``chunk_bytes``; memory is bounded by one chunk. Abandoning the generator closes the
  connection, since a half-read COPY cannot be resumed.
- :func:`csv_to_batch` parses one chunk with ``pyarrow.csv`` against an explicit schema.
- :func:`map_error` turns psycopg errors into the SDK's typed errors.
"""

from __future__ import annotations

import io
import queue
from collections.abc import Iterator
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pacsv
from psycopg import errors as pgerr
from psycopg import pq
from psycopg.copy import QueuedLibpqWriter

from sluice.connectors.builtin.postgres.config import PostgresConfig
from sluice.connectors.builtin.postgres.types import hex_to_binary, to_csv_ready
from sluice.connectors.sdk import ConfigError, ConnectorError, TerminalError, TransientError

SESSION_SETUP = (
    "SET DateStyle TO ISO, YMD; SET TimeZone TO 'UTC'; SET IntervalStyle TO postgres; "
    "SET extra_float_digits TO 3; SET bytea_output TO hex; SET client_encoding TO 'UTF8'"
)
_TRANSIENT_STATES = frozenset(
    {"40001", "40P01", "55P03", "57P01", "57P02", "57P03", "53300", "08000", "08003", "08006"}
)
_CONFIG_STATES = frozenset({"28000", "28P01", "3D000"})
_COPY_QUEUE_CHUNKS = 32  # psycopg's default queue can hold ~128 MB of pending COPY data


def connect(config: PostgresConfig, *, autocommit: bool = True) -> psycopg.Connection[Any]:
    """Open a connection with Sluice's session settings; psycopg errors are mapped."""
    try:
        conn = psycopg.connect(**config.connect_kwargs(), autocommit=autocommit)
        conn.execute(SESSION_SETUP)
        if not autocommit:
            conn.commit()
    except psycopg.Error as exc:
        raise map_error(exc, "connecting") from exc
    return conn


class LazyConnection:
    """One autocommit connection opened on first use and reopened if it broke. Idempotent
    ``close``. Used by the source and the destination for catalog and DDL work."""

    def __init__(self, config: PostgresConfig) -> None:
        self._config = config
        self._conn: psycopg.Connection[Any] | None = None

    def get(self) -> psycopg.Connection[Any]:
        """The open connection (connecting now if needed)."""
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = connect(self._config)
        return self._conn

    def close(self) -> None:
        """Close the connection if open."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def map_error(exc: BaseException, action: str) -> ConnectorError:
    """The SDK error for a psycopg failure while doing ``action`` (message keeps the cause)."""
    if isinstance(exc, ConnectorError):
        return exc
    text = str(exc).strip() or type(exc).__name__
    message = f"PostgreSQL error while {action}: {text}"
    state = getattr(exc, "sqlstate", None)
    lowered = text.lower()
    if state in _CONFIG_STATES or "password authentication failed" in lowered:
        return ConfigError(message)
    if "no password supplied" in lowered or ("does not exist" in lowered and state is None):
        return ConfigError(message)
    if state in _TRANSIENT_STATES or (state or "").startswith("08"):
        return TransientError(message)
    if isinstance(exc, psycopg.OperationalError) and state is None:
        return TransientError(message)
    return TerminalError(message)


def _raise_result(conn: psycopg.Connection[Any], res: pq.abc.PGresult, action: str) -> None:
    if res.status in (pq.ExecStatus.FATAL_ERROR, pq.ExecStatus.BAD_RESPONSE):
        exc = pgerr.error_from_result(res, encoding=conn.info.encoding)
        raise map_error(exc, action) from exc


def _drain(conn: psycopg.Connection[Any], action: str) -> None:
    pgconn = conn.pgconn
    while (res := pgconn.get_result()) is not None:
        _raise_result(conn, res, action)


def copy_out(
    conn: psycopg.Connection[Any], statement: bytes, chunk_bytes: int
) -> Iterator[bytearray]:
    """Run a ``COPY ... TO STDOUT`` and yield row-aligned chunks of about ``chunk_bytes``.

    ``conn`` must be idle and is left idle when the generator is exhausted; if the consumer
    stops early or an error occurs the connection is closed (a COPY cannot be abandoned).
    """
    pgconn = conn.pgconn
    finished = False
    try:
        res = pgconn.exec_(statement)
        if res.status != pq.ExecStatus.COPY_OUT:
            _raise_result(conn, res, "starting COPY")
            raise TerminalError(f"COPY did not start (result status {res.status})")
        buf = bytearray()
        get = pgconn.get_copy_data
        while True:
            n, data = get(0)
            if n > 0:
                buf += data
                if len(buf) >= chunk_bytes:
                    yield buf  # handed over whole: no copy; a fresh buffer starts
                    buf = bytearray()
                continue
            if n == -1:
                break
            raise TransientError(f"COPY failed: {pgconn.get_error_message()}")
        _drain(conn, "reading COPY data")
        finished = True
        if buf:
            yield buf
    except psycopg.Error as exc:
        raise map_error(exc, "reading COPY data") from exc
    finally:
        if not finished:
            conn.close()


class _BoundedQueuedWriter(QueuedLibpqWriter):
    """psycopg's queued COPY writer (a thread sends while Python prepares the next chunk) with
    a bounded queue, so a slow server cannot make the client buffer unbounded data."""

    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        super().__init__(cursor)
        self._queue = queue.Queue(maxsize=_COPY_QUEUE_CHUNKS)  # type: ignore[assignment]


def copy_in(
    cursor: psycopg.Cursor[Any], statement: str, chunks: Iterator[bytes | bytearray]
) -> int:
    """Run ``COPY ... FROM STDIN`` feeding ``chunks``; return the rows the server loaded."""
    try:
        with cursor.copy(statement, writer=_BoundedQueuedWriter(cursor)) as cp:
            for chunk in chunks:
                cp.write(chunk)
    except psycopg.Error as exc:
        raise map_error(exc, "loading COPY data") from exc
    return max(cursor.rowcount, 0)


def csv_to_batch(data: bytes | bytearray, schema: pa.Schema) -> pa.RecordBatch:
    """Parse PostgreSQL ``FORMAT csv`` rows into one batch typed exactly as ``schema``.

    Columns whose type ``pyarrow.csv`` cannot read directly are parsed as text and converted
    in bulk (``bytea`` hex -> binary). Field metadata and nullability come from ``schema``.
    """
    parse_types = {f.name: pa.string() if pa.types.is_binary(f.type) else f.type for f in schema}
    # One block for the whole chunk: every column comes back as a single array (no concatenation
    # copy); the engine's read-ahead thread already overlaps parsing with writing.
    read = pacsv.ReadOptions(column_names=schema.names, block_size=len(data) + 1)
    parse = pacsv.ParseOptions(newlines_in_values=True)
    convert = pacsv.ConvertOptions(
        column_types=parse_types,
        null_values=[""],
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        true_values=["t"],
        false_values=["f"],
    )
    try:
        table = pacsv.read_csv(
            pa.py_buffer(data), read_options=read, parse_options=parse, convert_options=convert
        )
    except pa.ArrowInvalid as exc:
        raise TerminalError(f"cannot convert PostgreSQL values to Arrow: {exc}") from exc
    columns = []
    for f in schema:
        chunked = table.column(f.name)
        col = chunked.chunk(0) if chunked.num_chunks == 1 else chunked.combine_chunks()
        columns.append(hex_to_binary(col) if pa.types.is_binary(f.type) else col)
    return pa.RecordBatch.from_arrays(columns, schema=schema)


def batch_to_csv(batch: pa.RecordBatch) -> bytes:
    """``batch`` as headerless CSV in PostgreSQL's input syntax (empty unquoted = NULL)."""
    sink = io.BytesIO()
    pacsv.write_csv(to_csv_ready(batch), sink, pacsv.WriteOptions(include_header=False))
    return sink.getvalue()
