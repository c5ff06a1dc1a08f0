"""Reading: incremental checkpoints across batches, query streams, bounded memory."""

from __future__ import annotations

import json
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from sluice.connectors.builtin.postgres.source import PostgresSource
from sluice.connectors.sdk import Checkpoint, ConfigError, ConfiguredStream, SyncMode, TerminalError


@pytest.fixture
def events(db: psycopg.Connection[Any]) -> psycopg.Connection[Any]:
    db.execute(
        "CREATE TABLE public.events (id int PRIMARY KEY, payload text, "
        "updated_at timestamptz, seq numeric(10,0));"
        # 3 rows share each timestamp, so equal cursor values straddle batch boundaries.
        "INSERT INTO public.events SELECT g, repeat('p', 50), "
        "timestamptz '2024-01-01 00:00:00+00' + ((g / 3) || ' minutes')::interval, g "
        "FROM generate_series(1, 300) g;"
        "INSERT INTO public.events VALUES (1000, 'no cursor', NULL, NULL)"
    )
    return db


def _incremental(source: PostgresSource, cursor: str, columns: tuple[str, ...] | None = None):
    stream = source.discover().get("public.events")
    return ConfiguredStream(stream, SyncMode.INCREMENTAL, columns=columns, cursor_field=cursor)


def test_incremental_checkpoint_covers_every_batch(
    events: psycopg.Connection[Any], source: PostgresSource
) -> None:
    source.copy_chunk_bytes = 300  # many small batches
    configured = _incremental(source, "updated_at", columns=("id",))
    batches = list(source.read(configured, None))
    assert len(batches) > 10
    seen: list[int] = []
    for batch in batches:
        assert batch.records.schema.names == ["id"]  # the cursor is not leaked into the batch
        seen.extend(batch.records.column("id").to_pylist())
        assert batch.checkpoint is not None
        json.dumps(batch.checkpoint.to_json())
        cursor = pa.scalar(batch.checkpoint.data["cursor"]).cast(pa.timestamp("us", "UTC"))
        # the checkpoint is the largest cursor of all rows yielded so far
        expected = events.execute(
            "SELECT max(updated_at) FROM public.events WHERE id = ANY(%s)", (seen,)
        ).fetchone()
        assert expected is not None
        assert cursor.as_py() == expected[0]
    assert sorted(seen) == [*range(1, 301), 1000]  # first run reads NULL cursors too
    final = batches[-1].checkpoint
    assert final is not None
    assert final.data == {"cursor_field": "updated_at", "cursor": "2024-01-01T01:40:00+00:00"}

    # Nothing new: nothing read.
    assert list(source.read(configured, final)) == []
    events.execute(
        "INSERT INTO public.events VALUES (301, 'late', '2024-02-01 00:00:00+00', 301), "
        "(302, 'same', '2024-01-01 01:40:00+00', 302), (303, 'older', '2023-01-01+00', 303)"
    )
    again = list(source.read(configured, final))
    assert [b.records.column("id").to_pylist() for b in again] == [[301]]
    assert again[-1].checkpoint is not None
    assert again[-1].checkpoint.data["cursor"] == "2024-02-01T00:00:00+00:00"


def test_incremental_on_numeric_cursor(
    events: psycopg.Connection[Any], source: PostgresSource
) -> None:
    configured = _incremental(source, "seq")
    state = Checkpoint({"cursor_field": "seq", "cursor": "295"})
    batches = list(source.read(configured, state))
    table = pa.Table.from_batches([b.records for b in batches])
    assert table.column("id").to_pylist() == [296, 297, 298, 299, 300]
    assert batches[-1].checkpoint == Checkpoint({"cursor_field": "seq", "cursor": "300"})


def test_checkpoint_for_other_cursor_is_ignored(
    events: psycopg.Connection[Any], source: PostgresSource
) -> None:
    configured = _incremental(source, "id")
    state = Checkpoint({"cursor_field": "updated_at", "cursor": "2030-01-01T00:00:00+00:00"})
    rows = sum(b.records.num_rows for b in source.read(configured, state))
    assert rows == 301


def test_incremental_needs_a_known_cursor(
    events: psycopg.Connection[Any], source: PostgresSource
) -> None:
    with pytest.raises(ConfigError):
        list(source.read(_incremental(source, "nope"), None))


def test_query_stream_reads_like_a_table(
    events: psycopg.Connection[Any], source: PostgresSource
) -> None:
    spec = source.query_stream(
        "recent", "SELECT id, upper(payload) AS loud, updated_at FROM public.events WHERE id <= 10"
    )
    full = list(source.read(ConfiguredStream(spec), None))
    table = pa.Table.from_batches([b.records for b in full])
    assert table.schema == spec.schema
    assert sorted(table.column("id").to_pylist()) == list(range(1, 11))
    assert set(table.column("loud").to_pylist()) == {"P" * 50}
    inc = ConfiguredStream(spec, SyncMode.INCREMENTAL, columns=("id",), cursor_field="updated_at")
    state = Checkpoint({"cursor_field": "updated_at", "cursor": "2024-01-01T00:02:00+00:00"})
    batches = list(source.read(inc, state))
    assert pa.Table.from_batches([b.records for b in batches]).column("id").to_pylist() == [9, 10]


def test_read_of_missing_table_is_terminal(
    source: PostgresSource, db: psycopg.Connection[Any]
) -> None:
    db.execute("CREATE TABLE public.gone (id int)")
    stream = source.discover().get("public.gone")
    db.execute("DROP TABLE public.gone")
    with pytest.raises(TerminalError, match="gone"):
        list(source.read(ConfiguredStream(stream), None))
    # the source reconnects and stays usable
    assert source.check().ok


def test_abandoned_read_leaves_source_usable(
    events: psycopg.Connection[Any], source: PostgresSource
) -> None:
    source.copy_chunk_bytes = 500
    stream = source.discover().get("public.events")
    reader = source.read(ConfiguredStream(stream), None)
    next(reader)
    reader.close()
    assert sum(b.records.num_rows for b in source.read(ConfiguredStream(stream), None)) == 301


def test_memory_stays_bounded_on_a_large_table(
    db: psycopg.Connection[Any], source: PostgresSource
) -> None:
    rows = 1_500_000
    db.execute(
        "CREATE TABLE public.big (id bigint, amount numeric(12,2), at timestamptz, body text);"
        "ALTER TABLE public.big SET (autovacuum_enabled = off);"
        f"INSERT INTO public.big SELECT g, g / 100.0, timestamptz '2024-01-01+00', "
        f"repeat('x', 150) FROM generate_series(1, {rows}) g"
    )
    source.copy_chunk_bytes = 4 << 20
    stream = source.discover().get("public.big")
    total = 0
    batches = 0
    peak = pa.total_allocated_bytes()
    checksum = 0
    for batch in source.read(ConfiguredStream(stream), None):
        records = batch.records
        batches += 1
        total += records.num_rows
        checksum += pc.sum(records.column("id")).as_py()
        assert records.nbytes < 8 << 20  # one chunk's worth, never the whole table
        peak = max(peak, pa.total_allocated_bytes())
        del batch, records
    assert total == rows
    assert checksum == rows * (rows + 1) // 2
    assert batches >= 50
    # The table is ~270 MB as CSV; Arrow memory in flight stays around one chunk.
    assert peak < 24 << 20
