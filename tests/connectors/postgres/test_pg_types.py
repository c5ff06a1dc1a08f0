"""Type fidelity: PostgreSQL -> Arrow -> PostgreSQL gives identical values, NULLs everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import psycopg
import pyarrow as pa
import pytest

from sluice.connectors.builtin.postgres.destination import PostgresDestination
from sluice.connectors.builtin.postgres.source import PostgresSource
from sluice.connectors.sdk import ConfiguredStream, WriteMode, WriteTarget

from .conftest import text_diff

COLUMNS = {
    "c_smallint": ("smallint", pa.int16()),
    "c_integer": ("integer", pa.int32()),
    "c_bigint": ("bigint", pa.int64()),
    "c_numeric": ("numeric(14,2)", pa.decimal128(14, 2)),
    "c_numeric_free": ("numeric", pa.string()),
    "c_real": ("real", pa.float32()),
    "c_double": ("double precision", pa.float64()),
    "c_text": ("text", pa.string()),
    "c_varchar": ("character varying(12)", pa.string()),
    "c_bool": ("boolean", pa.bool_()),
    "c_date": ("date", pa.date32()),
    "c_time": ("time without time zone", pa.time64("us")),
    "c_ts": ("timestamp without time zone", pa.timestamp("us")),
    "c_tstz": ("timestamp with time zone", pa.timestamp("us", tz="UTC")),
    "c_interval": ("interval", pa.string()),
    "c_uuid": ("uuid", pa.string()),
    "c_json": ("json", pa.string()),
    "c_jsonb": ("jsonb", pa.string()),
    "c_bytea": ("bytea", pa.binary()),
    "c_int_arr": ("integer[]", pa.string()),
    "c_text_arr": ("text[]", pa.string()),
    "c_timetz": ("time with time zone", pa.string()),
}

NAIVE = dt.datetime(2020, 1, 1, 1, 2, 3)  # noqa: DTZ001 - timestamp without time zone

ROWS = """
INSERT INTO src.all_types VALUES
(1, 32767, 2147483647, 9223372036854775807, 123456789012.34,
 1.000000000000000000000000000000000000000000000000001, 3.4028235e38, 0.1,
 E'quote " comma , newline \\n tab \\t backslash \\\\ unicode \u00e9\u20ac', 'varchar',
 true, '2024-02-29', '23:59:59.999999', '2024-01-01 12:34:56.789012',
 '2024-06-30 23:59:59.123456+05:30', '1 year 2 mons 3 days 04:05:06.789', gen_random_uuid(),
 '{"a": [1, 2], "b": null}', '{"k": "v", "n": 1.50}', '\\x00ff10', '{1,NULL,-3}',
 '{"a b","c\\"d",NULL,"","NULL","x,y"}', '12:00:00+02'),
(2, -32768, -2147483648, -9223372036854775808, -0.01, -123456789.987654321e-20, 'NaN',
 '-Infinity', '', '', false, '0001-01-01', '00:00:00', '1970-01-01 00:00:00',
 '1970-01-01 00:00:00+00', '-1 days +00:00:01', '00000000-0000-0000-0000-000000000000',
 '[]', '{}', '\\x', '{}', '{}', '00:00:00-11'),
(3, 0, 0, 0, 0, 0, 'Infinity', 1e-300, ' leading space', ' ', true, '9999-12-31',
 '12:00:00.5', '9999-12-31 23:59:59.999999', '2000-02-29 12:00:00.000001-08', '0', NULL,
 'null', '"s"', '\\x5c', '{{1,2},{3,4}}', '{"\\\\"}', NULL)
"""


@pytest.fixture
def all_types(db: psycopg.Connection[Any]) -> None:
    cols = ", ".join(f"{name} {native}" for name, (native, _) in COLUMNS.items())
    db.execute(f"CREATE SCHEMA src; CREATE TABLE src.all_types (id int PRIMARY KEY, {cols})")
    db.execute(ROWS)
    # One row NULL in every column but the key.
    db.execute("INSERT INTO src.all_types (id) VALUES (4)")


def test_pg_to_arrow_types(all_types: None, source: PostgresSource) -> None:
    stream = source.discover().get("src.all_types")
    for name, (native, arrow_type) in COLUMNS.items():
        assert stream.schema.field(name).type == arrow_type, name
        assert stream.native_type(name) == native, name
    batches = list(source.read(ConfiguredStream(stream), None))
    table = pa.Table.from_batches([b.records for b in batches]).sort_by("id")
    assert table.schema == stream.schema
    rows = table.to_pylist()
    first = rows[0]
    assert first["c_numeric"] == Decimal("123456789012.34")
    assert first["c_numeric_free"] == "1.000000000000000000000000000000000000000000000000001"
    assert first["c_bigint"] == 9223372036854775807
    assert first["c_text"].endswith("backslash \\ unicode \u00e9\u20ac")
    assert "\n" in first["c_text"]
    assert first["c_bytea"] == b"\x00\xff\x10"
    assert first["c_tstz"] == dt.datetime(2024, 6, 30, 18, 29, 59, 123456, tzinfo=dt.UTC)
    assert first["c_time"] == dt.time(23, 59, 59, 999999)
    assert first["c_date"] == dt.date(2024, 2, 29)
    assert first["c_int_arr"] == "{1,NULL,-3}"
    assert rows[1]["c_text"] == ""
    assert rows[1]["c_bytea"] == b""
    assert rows[2]["c_bytea"] == b"\\"
    assert rows[1]["c_double"] == float("-inf")
    assert all(v is None for k, v in rows[3].items() if k != "id")


@pytest.mark.parametrize("mode", [WriteMode.OVERWRITE, WriteMode.APPEND, WriteMode.MERGE])
def test_round_trip_is_identical(
    all_types: None,
    db: psycopg.Connection[Any],
    source: PostgresSource,
    destination: PostgresDestination,
    mode: WriteMode,
) -> None:
    source.copy_chunk_bytes = 200  # several batches, to cross chunk boundaries too
    stream = source.discover().get("src.all_types")
    target = WriteTarget("dst", "all_types", stream.schema, mode, primary_key=("id",))
    with destination.open(target) as writer:
        batches = list(source.read(ConfiguredStream(stream), None))
        assert len(batches) > 1
        for batch in batches:
            writer.write(batch.records)
        writer.commit()
    assert text_diff(db, "src.all_types", "dst.all_types") == 0
    created = destination.existing_schema("dst", "all_types")
    assert created is not None
    for name, (native, _) in COLUMNS.items():
        assert created.field(name).metadata[b"sluice.native_type"].decode() == native


def test_arrow_types_without_native_metadata(
    db: psycopg.Connection[Any], destination: PostgresDestination
) -> None:
    batch = pa.record_batch(
        {
            "i8": pa.array([1, None], pa.int8()),
            "u32": pa.array([4294967295, None], pa.uint32()),
            "u64": pa.array([18446744073709551615, None], pa.uint64()),
            "f32": pa.array([1.5, None], pa.float32()),
            "dec": pa.array([Decimal("-1.25"), None], pa.decimal128(5, 2)),
            "s": pa.array(["x", None], pa.large_string()),
            "dict": pa.array(["a", None]).dictionary_encode(),
            "b": pa.array([False, None]),
            "d": pa.array([dt.date(2020, 5, 1), None]),
            "t": pa.array([dt.time(1, 2, 3, 4), None], pa.time64("us")),
            "ts": pa.array([NAIVE], pa.timestamp("ms")).take([0, 0]),
            "tz": pa.array(
                [dt.datetime(2020, 1, 1, tzinfo=dt.UTC), None], pa.timestamp("us", "UTC")
            ),
            "dur": pa.array([dt.timedelta(days=1, microseconds=5), None], pa.duration("us")),
            "bin": pa.array([b"\x00\x01", None], pa.large_binary()),
            "ints": pa.array([[1, None, 3], None], pa.list_(pa.int64())),
            "strs": pa.array([['a"b', "c\\d", None, ""], None], pa.list_(pa.string())),
        }
    )
    with destination.open(WriteTarget("dst", "from_arrow", batch.schema, WriteMode.APPEND)) as w:
        w.write(batch)
        w.commit()
    types = dict(
        db.execute(
            "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'dst.from_arrow'::regclass AND attnum > 0"
        ).fetchall()
    )
    assert types == {
        "i8": "smallint",
        "u32": "bigint",
        "u64": "numeric(20,0)",
        "f32": "real",
        "dec": "numeric(5,2)",
        "s": "text",
        "dict": "text",
        "b": "boolean",
        "d": "date",
        "t": "time without time zone",
        "ts": "timestamp without time zone",
        "tz": "timestamp with time zone",
        "dur": "interval",
        "bin": "bytea",
        "ints": "bigint[]",
        "strs": "text[]",
    }
    row = db.execute(
        "SELECT i8, u32, u64, f32, dec, s, dict, b, d, t, ts, tz, dur, bin, ints, strs "
        "FROM dst.from_arrow ORDER BY i8 NULLS LAST"
    ).fetchall()
    assert row[0] == (
        1,
        4294967295,
        Decimal("18446744073709551615"),
        1.5,
        Decimal("-1.25"),
        "x",
        "a",
        False,
        dt.date(2020, 5, 1),
        dt.time(1, 2, 3, 4),
        NAIVE,
        dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        dt.timedelta(days=1, microseconds=5),
        b"\x00\x01",
        [1, None, 3],
        ['a"b', "c\\d", None, ""],
    )
    assert row[1][:6] == (None, None, None, None, None, None)
    assert row[1][10] == NAIVE
    assert all(v is None for v in row[1][11:])


def test_every_type_round_trips_to_parquet(
    all_types: None, source: PostgresSource, tmp_path: Any
) -> None:
    from sluice.connectors.builtin.file.destination import read_table
    from sluice.connectors.registry import get_connector

    stream = source.discover().get("src.all_types")
    expected = pa.Table.from_batches(
        [b.records for b in source.read(ConfiguredStream(stream), None)]
    ).sort_by("id")
    file_connector = get_connector("file")
    config = file_connector.parse_config({"directory": str(tmp_path), "format": "parquet"})
    with file_connector.create_destination(config) as destination:
        target = WriteTarget("lake", "all_types", stream.schema, WriteMode.OVERWRITE)
        with destination.open(target) as writer:
            for batch in expected.to_batches(max_chunksize=2):
                writer.write(batch)
            writer.commit()
    written = read_table(tmp_path, "lake", "all_types", "parquet").sort_by("id")
    assert written.schema.types == expected.schema.types
    assert _nan_safe(written.to_pylist()) == _nan_safe(expected.to_pylist())  # NULLs included
    for name, (native, _) in COLUMNS.items():
        assert written.schema.field(name).metadata[b"sluice.native_type"].decode() == native


def _nan_safe(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with NaN replaced by a marker (NaN never equals itself)."""
    return [{k: "NaN" if v != v else v for k, v in row.items()} for row in rows]  # noqa: PLR0124
