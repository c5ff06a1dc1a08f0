"""Write modes: atomic overwrite, append, merge, schema evolution and the binary relay."""

from __future__ import annotations

from typing import Any

import psycopg
import pyarrow as pa
import pytest

from sluice.connectors.builtin.postgres.destination import PostgresDestination
from sluice.connectors.builtin.postgres.source import PostgresSource
from sluice.connectors.sdk import (
    BinaryCopySource,
    BinaryCopyWriter,
    ConfigError,
    ConfiguredStream,
    TerminalError,
    WriteMode,
    WriteTarget,
)

from .conftest import text_diff

SCHEMA = pa.schema([pa.field("id", pa.int64(), nullable=False), ("name", pa.string())])


def _batch(ids: list[int], names: list[str | None]) -> pa.RecordBatch:
    return pa.record_batch([pa.array(ids, pa.int64()), pa.array(names)], schema=SCHEMA)


def _rows(db: psycopg.Connection[Any], table: str) -> list[tuple[Any, ...]]:
    return db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def _staging_tables(db: psycopg.Connection[Any]) -> list[str]:
    rows = db.execute("SELECT relname FROM pg_class WHERE relname LIKE '\\_sluice%'").fetchall()
    return [r[0] for r in rows]


@pytest.fixture
def old_table(db: psycopg.Connection[Any]) -> None:
    db.execute(
        "CREATE SCHEMA dst; CREATE TABLE dst.people (id bigint PRIMARY KEY, name text, "
        "extra int NOT NULL DEFAULT 7); INSERT INTO dst.people VALUES (1, 'old one', 1), "
        "(2, 'old two', 2)"
    )


def test_overwrite_abort_midway_keeps_old_table(
    old_table: None, db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    writer = destination.open(WriteTarget("dst", "people", SCHEMA, WriteMode.OVERWRITE))
    writer.write(_batch([10, 11], ["new", "newer"]))
    # While the load is in flight, the old table is untouched and readable by others.
    assert _rows(db, "dst.people") == [(1, "old one", 1), (2, "old two", 2)]
    with pytest.raises(TerminalError):
        writer.write(_batch([12, 12], ["dup", "dup"]))  # violates the copied primary key
    writer.abort()
    writer.abort()  # idempotent
    writer.close()
    assert _rows(db, "dst.people") == [(1, "old one", 1), (2, "old two", 2)]
    assert _staging_tables(db) == []


def test_overwrite_swaps_atomically_and_keeps_indexes(
    old_table: None, db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    schema = SCHEMA.append(pa.field("city", pa.string()))
    with destination.open(WriteTarget("dst", "people", schema, WriteMode.OVERWRITE)) as writer:
        writer.write(
            pa.record_batch(
                [pa.array([5, 6], pa.int64()), pa.array(["e", None]), pa.array(["Oslo", ""])],
                schema=schema,
            )
        )
        assert _rows(db, "dst.people") == [(1, "old one", 1), (2, "old two", 2)]
        writer.commit()
    # Columns the stream no longer has are kept (nullable), new ones are added, defaults stay.
    assert _rows(db, "dst.people") == [(5, "e", 7, "Oslo"), (6, None, 7, "")]
    assert _staging_tables(db) == []
    indexes = db.execute(
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'dst.people'::regclass"
    ).fetchall()
    assert indexes == [("dst.people_pkey",)]


def test_overwrite_with_dependent_view_falls_back_to_truncate(
    old_table: None, db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    db.execute("CREATE VIEW dst.people_names AS SELECT name FROM dst.people")
    with destination.open(WriteTarget("dst", "people", SCHEMA, WriteMode.OVERWRITE)) as writer:
        writer.write(_batch([3], ["three"]))
        writer.commit()
    assert db.execute("SELECT * FROM dst.people_names").fetchall() == [("three",)]
    assert _staging_tables(db) == []


def test_overwrite_of_empty_stream_empties_target(
    old_table: None, db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    with destination.open(WriteTarget("dst", "people", SCHEMA, WriteMode.OVERWRITE)) as writer:
        writer.commit()
    assert _rows(db, "dst.people") == []


def test_append_commits_in_steps_and_aborts_uncommitted(
    db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    with destination.open(WriteTarget("raw", "events", SCHEMA, WriteMode.APPEND)) as writer:
        writer.write(_batch([1, 2], ["a", "b"]))
        assert _rows(db, "raw.events") == []  # nothing visible before commit
        writer.commit()
        writer.write(_batch([3], ["c"]))
        writer.commit()
        writer.write(_batch([4], ["lost"]))
        writer.abort()
        writer.write(_batch([5], ["e"]))
        writer.commit()
    assert _rows(db, "raw.events") == [(1, "a"), (2, "b"), (3, "c"), (5, "e")]


def test_merge_keeps_latest_row_per_key(
    db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    target = WriteTarget("dst", "users", SCHEMA, WriteMode.MERGE, primary_key=("id",))
    with destination.open(target) as writer:
        writer.write(_batch([1, 2, 1], ["first", "two", "second"]))  # dupes within a batch
        writer.write(_batch([2], ["two again"]))  # and across batches of one commit
        writer.commit()
        assert _rows(db, "dst.users") == [(1, "second"), (2, "two again")]
        writer.write(_batch([3, 1], ["three", None]))
        writer.commit()
    assert _rows(db, "dst.users") == [(1, None), (2, "two again"), (3, "three")]
    pk = db.execute(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'dst.users'::regclass"
    ).fetchall()
    assert pk == [("PRIMARY KEY (id)",)]


def test_merge_into_existing_table_without_key_adds_one(
    db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    db.execute("CREATE SCHEMA dst; CREATE TABLE dst.users (id bigint, name text)")
    db.execute("INSERT INTO dst.users VALUES (1, 'old')")
    target = WriteTarget("dst", "users", SCHEMA, WriteMode.MERGE, primary_key=("id",))
    with destination.open(target) as writer:
        writer.write(_batch([1, 2], ["new", "two"]))
        writer.commit()
    assert _rows(db, "dst.users") == [(1, "new"), (2, "two")]


def test_merge_requires_primary_key(destination: PostgresDestination) -> None:
    with pytest.raises(ConfigError):
        destination.open(WriteTarget("dst", "users", SCHEMA, WriteMode.MERGE))


def test_new_columns_are_added_to_existing_table(
    old_table: None, db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    schema = SCHEMA.append(pa.field("score", pa.decimal128(6, 2)))
    with destination.open(WriteTarget("dst", "people", schema, WriteMode.APPEND)) as writer:
        writer.write(
            pa.record_batch(
                [pa.array([3], pa.int64()), pa.array(["c"]), pa.array([None], pa.decimal128(6, 2))],
                schema=schema,
            )
        )
        writer.commit()
    existing = destination.existing_schema("dst", "people")
    assert existing is not None
    assert existing.names == ["id", "name", "extra", "score"]
    assert existing.field("score").metadata[b"sluice.native_type"] == b"numeric(6,2)"
    assert existing.field("id").nullable is False
    assert _rows(db, "dst.people")[-1] == (3, "c", 7, None)
    assert destination.existing_schema("dst", "nope") is None


def test_binary_relay_round_trip(
    db: psycopg.Connection[Any], source: PostgresSource, destination: PostgresDestination
) -> None:
    db.execute(
        "CREATE SCHEMA src; CREATE TABLE src.acc (id int PRIMARY KEY, bal numeric(12,2), "
        "doc jsonb, tags text[], at timestamptz, raw bytea);"
        "INSERT INTO src.acc SELECT g, g * 1.5, jsonb_build_object('g', g), ARRAY['t' || g], "
        "now(), decode(md5(g::text), 'hex') FROM generate_series(1, 20000) g;"
        "INSERT INTO src.acc (id) VALUES (0)"
    )
    source.binary_chunk_bytes = 64 << 10
    stream = source.discover().get("src.acc")
    assert isinstance(source, BinaryCopySource)
    configured = ConfiguredStream(stream)
    with destination.open(WriteTarget("dst", "acc", stream.schema, WriteMode.APPEND)) as writer:
        assert isinstance(writer, BinaryCopyWriter)
        assert writer.can_copy_binary(stream.schema)
        chunks = list(source.copy_out_binary(configured))
        assert len(chunks) > 1
        assert all(len(c) < (64 << 10) + 4096 for c in chunks)
        assert writer.copy_in_binary(iter(chunks), stream.schema.names) == 20001
        assert _rows(db, "dst.acc") == []
        writer.commit()
    assert text_diff(db, "src.acc", "dst.acc") == 0


def test_binary_relay_refused_when_types_differ(
    db: psycopg.Connection[Any], source: PostgresSource, destination: PostgresDestination
) -> None:
    db.execute(
        "CREATE SCHEMA src; CREATE TABLE src.t (id int, v numeric(10,2));"
        "CREATE SCHEMA dst; CREATE TABLE dst.t (id bigint, v numeric(10,2))"
    )
    stream = source.discover().get("src.t")
    with destination.open(WriteTarget("dst", "t", stream.schema, WriteMode.APPEND)) as writer:
        assert not writer.can_copy_binary(stream.schema)
        assert not writer.can_copy_binary(pa.schema([("id", pa.int32())]))  # no native type
        assert writer.can_copy_binary(stream.schema.remove(0))


def test_overwrite_table_with_serial_key_the_stream_does_not_send(
    db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    db.execute(
        "CREATE SCHEMA dst; CREATE TABLE dst.ser (id serial PRIMARY KEY, name text);"
        "INSERT INTO dst.ser (name) VALUES ('old')"
    )
    schema = pa.schema([("name", pa.string())])
    with destination.open(WriteTarget("dst", "ser", schema, WriteMode.OVERWRITE)) as writer:
        writer.write(pa.record_batch([pa.array(["x", "y"])], schema=schema))
        writer.commit()
    assert [r[1] for r in _rows(db, "dst.ser")] == ["x", "y"]
    assert _staging_tables(db) == []
    db.execute("INSERT INTO dst.ser (name) VALUES ('z')")  # the sequence still works


def test_unknown_native_type_falls_back_to_arrow_mapping(
    db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    meta = {b"sluice.native_type": b"geometry(Point,4326)"}
    schema = pa.schema(
        [
            pa.field("g", pa.string(), metadata=meta),
            pa.field("n", pa.int64(), metadata={b"sluice.native_type": b"int; DROP TABLE x"}),
        ]
    )
    with destination.open(WriteTarget("dst", "geo", schema, WriteMode.APPEND)) as writer:
        writer.write(pa.record_batch([pa.array(["POINT(1 2)"]), pa.array([7])], schema=schema))
        writer.commit()
    existing = destination.existing_schema("dst", "geo")
    assert existing is not None
    assert [f.metadata[b"sluice.native_type"] for f in existing] == [b"text", b"bigint"]
    assert _rows(db, "dst.geo") == [("POINT(1 2)", 7)]
