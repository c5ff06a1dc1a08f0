"""``PostgresWriter``: one stream's load as one transaction per commit.

Write modes (every one runs in the writer's own connection and transaction):

- ``overwrite``: rows are copied into ``<schema>._sluice_stage_<name>_<hex>``, created
  ``LIKE`` the target (defaults, constraints, indexes) plus any new columns. ``commit`` swaps it
  in inside the same transaction: rename target to an old name, rename the stage to the target,
  rename the stage's indexes, drop the old table. Readers see either the old or the new table,
  never a mix. If objects depend on the old table (views, sequences owned by it), the swap falls
  back to ``TRUNCATE`` + ``INSERT ... SELECT`` from the stage, still in one transaction. Until
  commit the old table is untouched; ``abort`` or a crash rolls the stage back with the
  transaction, so no staging table is ever left behind. After the first commit the writer keeps
  accepting batches and appends them.
- ``append``: ``COPY`` straight into the target; ``commit`` commits.
- ``merge``: ``COPY`` into a ``TEMP ... ON COMMIT DROP`` stage with an arrival sequence; commit
  runs ``INSERT ... SELECT DISTINCT ON (pk) ... ORDER BY pk, seq DESC ON CONFLICT (pk) DO
  UPDATE``, so the latest row per key wins, including duplicates within one commit.

Binary relay: :meth:`PostgresWriter.can_copy_binary` is true when every column's native type in
the incoming schema equals the load table's column type; :meth:`copy_in_binary` follows the
same commit/abort rules as :meth:`write`.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql

from sluice.connectors.builtin.postgres.copy_io import batch_to_csv, copy_in, map_error
from sluice.connectors.builtin.postgres.types import field_native_type
from sluice.connectors.sdk import StreamWriter, TerminalError, WriteMode, WriteTarget

_COLUMNS = """
SELECT a.attname, format_type(a.atttypid, a.atttypmod), NOT a.attnotnull
FROM pg_attribute a
WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
"""

_RELAXABLE = """
SELECT a.attname FROM pg_attribute a
WHERE a.attrelid = %s::regclass AND a.attnum > 0 AND NOT a.attisdropped AND a.attnotnull
  AND NOT a.atthasdef AND a.attidentity = '' AND a.attgenerated = ''
  AND a.attname <> ALL(%s::text[])
  AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid AND i.indisprimary
                  AND a.attnum = ANY(i.indkey))
"""


def table_columns(
    conn: psycopg.Connection[Any], qualified: str
) -> dict[str, tuple[str, bool]] | None:
    """``{column: (format_type, nullable)}`` of a table by quoted name; ``None`` if missing."""
    row = conn.execute("SELECT to_regclass(%s)::oid", (qualified,)).fetchone()
    if row is None or row[0] is None:
        return None
    return {name: (native, nullable) for name, native, nullable in conn.execute(_COLUMNS, row)}


def _idents(names: Iterable[str]) -> sql.Composed:
    return sql.SQL(", ").join(sql.Identifier(n) for n in names)


class PostgresWriter(StreamWriter):
    """Writes one stream (see the module docstring for each write mode's guarantees)."""

    def __init__(
        self, conn: psycopg.Connection[Any], target: WriteTarget, column_types: dict[str, str]
    ) -> None:
        self._conn = conn
        self._target = target
        self._types = column_types
        self._mode = target.write_mode
        self._table = sql.Identifier(target.namespace, target.name)
        self._load: sql.Identifier | None = None
        self._stage_name = ""
        self._written: list[str] = []

    # -- the load table of the current transaction ---------------------------------------------

    def _begin(self) -> sql.Identifier:
        if self._load is not None:
            return self._load
        conn, suffix = self._conn, secrets.token_hex(4)
        if self._mode == WriteMode.OVERWRITE:
            self._stage_name = f"_sluice_stage_{self._target.name[:36]}_{suffix}"
            stage = sql.Identifier(self._target.namespace, self._stage_name)
            conn.execute(
                sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(stage, self._table)
            )
            present = table_columns(conn, stage.as_string(conn)) or {}
            # Old NOT NULL columns the stream no longer sends would reject every row: relax
            # them unless a default fills them or they belong to the primary key.
            relax = conn.execute(
                _RELAXABLE, (stage.as_string(conn), list(self._target.schema.names))
            )
            for (name,) in relax.fetchall():
                conn.execute(
                    sql.SQL("ALTER TABLE {} ALTER COLUMN {} DROP NOT NULL").format(
                        stage, sql.Identifier(name)
                    )
                )
            for f in self._target.schema:
                if f.name not in present:
                    conn.execute(
                        sql.SQL("ALTER TABLE {} ADD COLUMN {} {}").format(
                            stage,
                            sql.Identifier(f.name),
                            sql.SQL(self._types[f.name]),
                        )
                    )
            self._load = stage
        elif self._mode == WriteMode.MERGE:
            temp = sql.Identifier(f"_sluice_merge_{suffix}")
            conn.execute(
                sql.SQL(
                    "CREATE TEMP TABLE {} ON COMMIT DROP AS SELECT * FROM {} WITH NO DATA"
                ).format(temp, self._table)
            )
            conn.execute(
                sql.SQL(
                    "ALTER TABLE {} ADD COLUMN _sluice_seq bigint GENERATED ALWAYS AS IDENTITY"
                ).format(temp)
            )
            self._load = temp
        else:
            self._load = self._table
        return self._load

    def _track(self, columns: Sequence[str]) -> None:
        missing = set(self._target.primary_key) - set(columns)
        if self._mode == WriteMode.MERGE and missing:
            raise TerminalError(f"merge batch lacks primary key columns {sorted(missing)}")
        self._written.extend(c for c in columns if c not in self._written)

    # -- StreamWriter ----------------------------------------------------------------------------

    def write(self, batch: pa.RecordBatch) -> None:
        """Stage ``batch`` with one ``COPY ... (FORMAT csv)``; visible only after commit."""
        try:
            table = self._begin()
            if batch.num_rows == 0:
                return
            self._track(batch.schema.names)
            statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT csv)").format(
                table, _idents(batch.schema.names)
            )
            copy_in(
                self._conn.cursor(), statement.as_string(self._conn), iter([batch_to_csv(batch)])
            )
        except psycopg.Error as exc:
            raise map_error(
                exc, f"writing to {self._target.namespace}.{self._target.name}"
            ) from exc

    def commit(self) -> None:
        """Make everything written durable (overwrite: swap the stage in; merge: upsert)."""
        try:
            if self._mode == WriteMode.OVERWRITE:
                self._begin()
                self._swap()
                self._mode = WriteMode.APPEND
            elif self._mode == WriteMode.MERGE and self._load is not None and self._written:
                self._merge()
            self._conn.commit()
        except psycopg.Error as exc:
            self.abort()
            raise map_error(
                exc, f"committing {self._target.namespace}.{self._target.name}"
            ) from exc
        self._load = None
        self._written = []

    def _swap(self) -> None:
        conn, ns, name = self._conn, self._target.namespace, self._target.name
        stage = sql.Identifier(ns, self._stage_name)
        old_name = f"_sluice_old_{name[:38]}_{secrets.token_hex(4)}"
        try:
            with conn.transaction():
                conn.execute(
                    sql.SQL("ALTER TABLE {} RENAME TO {}").format(
                        self._table, sql.Identifier(old_name)
                    )
                )
                conn.execute(
                    sql.SQL("ALTER TABLE {} RENAME TO {}").format(stage, sql.Identifier(name))
                )
                conn.execute(sql.SQL("DROP TABLE {}").format(sql.Identifier(ns, old_name)))
        except psycopg.errors.DependentObjectsStillExist:
            cols = _idents(table_columns(conn, stage.as_string(conn)) or {})
            conn.execute(sql.SQL("TRUNCATE {}").format(self._table))
            conn.execute(
                sql.SQL("INSERT INTO {} ({}) SELECT {} FROM {}").format(
                    self._table, cols, cols, stage
                )
            )
            conn.execute(sql.SQL("DROP TABLE {}").format(stage))
            return
        indexes = conn.execute(
            "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "WHERE i.indrelid = %s::regclass AND c.relname LIKE %s",
            (self._table.as_string(conn), self._stage_name.replace("_", r"\_") + "%"),
        ).fetchall()
        for (index,) in indexes:
            new = (name + index[len(self._stage_name) :])[:63]
            conn.execute(
                sql.SQL("ALTER INDEX {} RENAME TO {}").format(
                    sql.Identifier(ns, index), sql.Identifier(new)
                )
            )

    def _merge(self) -> None:
        if self._load is None:
            return
        pk = self._target.primary_key
        cols = _idents(self._written)
        updates = [c for c in self._written if c not in pk]
        action: sql.Composable = sql.SQL("DO NOTHING")
        if updates:
            action = sql.SQL("DO UPDATE SET {}").format(
                sql.SQL(", ").join(
                    sql.SQL("{} = EXCLUDED.{}").format(sql.Identifier(c), sql.Identifier(c))
                    for c in updates
                )
            )
        self._conn.execute(
            sql.SQL(
                "INSERT INTO {} ({}) SELECT DISTINCT ON ({}) {} FROM {} "
                "ORDER BY {}, _sluice_seq DESC ON CONFLICT ({}) {}"
            ).format(
                self._table, cols, _idents(pk), cols, self._load, _idents(pk), _idents(pk), action
            )
        )

    def abort(self) -> None:
        """Roll back everything since the last commit (the stage goes with it). Never raises."""
        self._load = None
        self._written = []
        try:
            if not self._conn.closed:
                self._conn.rollback()
        except Exception:  # noqa: BLE001 - abort must never raise
            self._conn.close()

    def close(self) -> None:
        """Abort uncommitted work, then close the connection. Idempotent."""
        if self._conn.closed:
            return
        if self._conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
            self.abort()
        self._conn.close()

    # -- BinaryCopyWriter ------------------------------------------------------------------------

    def can_copy_binary(self, schema: pa.Schema) -> bool:
        """True when every column's native type equals the load table's column type."""
        try:
            table = self._begin()
            present = table_columns(self._conn, table.as_string(self._conn)) or {}
        except psycopg.Error as exc:
            raise map_error(exc, "inspecting the target") from exc
        return all(f.name in present and field_native_type(f) == present[f.name][0] for f in schema)

    def copy_in_binary(self, chunks: Iterable[bytes], columns: Sequence[str]) -> int:
        """Load PostgreSQL binary COPY ``chunks`` into ``columns``; rows loaded."""
        try:
            table = self._begin()
            self._track(columns)
            statement = sql.SQL("COPY {} ({}) FROM STDIN (FORMAT binary)").format(
                table, _idents(columns)
            )
            return copy_in(self._conn.cursor(), statement.as_string(self._conn), iter(chunks))
        except psycopg.Error as exc:
            raise map_error(
                exc, f"writing to {self._target.namespace}.{self._target.name}"
            ) from exc
