"""The file source over real CSV, JSON Lines and Parquet files."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from sluice.connectors.builtin.file import FileConfig
from sluice.connectors.builtin.file.source import FileSource
from sluice.connectors.sdk import ConfigError, ConfiguredStream, SyncMode, TerminalError


def source(**config) -> FileSource:
    return FileSource(FileConfig(**config))


def rows(batches) -> list[dict]:
    return [row for b in batches for row in b.records.to_pylist()]


def write_csv(path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n")


def test_csv_glob_is_one_stream_read_in_batches(tmp_path):
    write_csv(
        tmp_path / "orders_1.csv", ["id,amount,day"] + [f"{i},{i}.5,2024-01-0{i}" for i in (1, 2)]
    )
    write_csv(tmp_path / "orders_2.csv", ["id,amount,day", "3,3.5,2024-01-03"])
    (tmp_path / "other.txt").write_text("ignored")
    src = source(path=str(tmp_path / "orders_*.csv"))
    assert src.check().ok
    stream = src.discover().get("orders")
    assert stream.schema.field("id").type == pa.int64()
    assert stream.schema.field("amount").type == pa.float64()
    assert "day" in stream.cursor_candidates
    got = rows(src.read(ConfiguredStream(stream), None))
    assert [r["id"] for r in got] == [1, 2, 3]


def test_csv_without_header_and_custom_delimiter(tmp_path):
    write_csv(tmp_path / "data.tsv", ["1;a", "2;b"])
    src = source(path=str(tmp_path / "data.tsv"), format="csv", header=False, delimiter=";")
    stream = src.discover().get("data")
    assert stream.schema.names == ["f0", "f1"]
    assert rows(src.read(ConfiguredStream(stream), None)) == [
        {"f0": 1, "f1": "a"},
        {"f0": 2, "f1": "b"},
    ]


def test_jsonl_and_column_selection(tmp_path):
    path = tmp_path / "events.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "kind": f"k{i}", "n": i * 2}) for i in range(5)))
    src = source(path=str(path), stream_name="ev")
    stream = src.discover().get("ev")
    batches = list(src.read(ConfiguredStream(stream, columns=("id", "n")), None))
    assert all(b.records.schema.names == ["id", "n"] for b in batches)
    assert [r["n"] for r in rows(batches)] == [0, 2, 4, 6, 8]


def test_parquet_is_streamed_in_bounded_batches(tmp_path):
    table = pa.table({"id": pa.array(range(1000), pa.int64())})
    pq.write_table(table, tmp_path / "big.parquet", row_group_size=100)
    src = source(path=str(tmp_path / "big.parquet"), batch_rows=128)
    stream = src.discover().get("big")
    assert stream.row_estimate == 1000
    batches = list(src.read(ConfiguredStream(stream), None))
    assert max(b.records.num_rows for b in batches) <= 128
    assert sum(b.records.num_rows for b in batches) == 1000


def test_later_files_are_aligned_to_the_first_files_schema(tmp_path):
    pq.write_table(pa.table({"id": pa.array([1], pa.int64()), "x": ["a"]}), tmp_path / "p1.parquet")
    pq.write_table(pa.table({"id": pa.array([2], pa.int32()), "y": [1]}), tmp_path / "p2.parquet")
    src = source(path=str(tmp_path / "p*.parquet"), stream_name="p")
    stream = src.discover().get("p")
    batches = list(src.read(ConfiguredStream(stream), None))
    assert all(b.records.schema == stream.schema for b in batches)
    assert rows(batches) == [{"id": 1, "x": "a"}, {"id": 2, "x": None}]


def test_incremental_reads_only_rows_past_the_cursor(tmp_path):
    write_csv(tmp_path / "a.csv", ["id,ts", "1,2024-01-01T00:00:00", "3,2024-01-03T00:00:00"])
    write_csv(tmp_path / "b.csv", ["id,ts", "2,2024-01-02T00:00:00"])
    src = source(path=str(tmp_path / "*.csv"), stream_name="t")
    stream = ConfiguredStream(
        src.discover().get("t"), sync_mode=SyncMode.INCREMENTAL, cursor_field="ts"
    )
    first = list(src.read(stream, None))
    assert sorted(r["id"] for r in rows(first)) == [1, 2, 3]
    checkpoint = first[-1].checkpoint
    assert checkpoint is not None
    assert json.loads(json.dumps(checkpoint.to_json())) == {
        "cursor_field": "ts",
        "cursor": "2024-01-03T00:00:00",
    }
    assert rows(src.read(stream, checkpoint)) == []
    write_csv(tmp_path / "c.csv", ["id,ts", "4,2024-01-04T00:00:00", "0,2023-12-31T00:00:00"])
    again = list(src.read(stream, checkpoint))
    assert [r["id"] for r in rows(again)] == [4]


def test_incremental_resume_skips_files_already_read(tmp_path):
    write_csv(tmp_path / "a.csv", ["id", "5", "6"])
    write_csv(tmp_path / "b.csv", ["id", "1", "9"])
    src = source(path=str(tmp_path / "*.csv"), stream_name="t")
    stream = ConfiguredStream(
        src.discover().get("t"), sync_mode=SyncMode.INCREMENTAL, cursor_field="id"
    )
    batches = list(src.read(stream, None))
    after_a = next(b.checkpoint for b in batches if b.checkpoint is not None)
    assert after_a.data["files_done"] == [str(tmp_path / "a.csv")]
    assert after_a.data["highest"] == 6
    resumed = list(src.read(stream, after_a))
    assert [r["id"] for r in rows(resumed)] == [1, 9]
    assert resumed[-1].checkpoint.data == {"cursor_field": "id", "cursor": 9}


def test_bad_configs_are_reported_not_raised(tmp_path):
    assert not source(path=str(tmp_path / "missing*.csv")).check().ok
    assert not source().check().ok
    (tmp_path / "x.weird").write_text("a")
    result = source(path=str(tmp_path / "x.weird")).check()
    assert not result.ok
    assert "format" in result.message
    with pytest.raises(ConfigError):
        source().discover()
    with pytest.raises(TerminalError, match="no file matches"):
        source(path=str(tmp_path / "nope.csv")).discover()


def test_a_value_that_does_not_fit_the_inferred_type_is_a_terminal_error(tmp_path):
    write_csv(tmp_path / "a.csv", ["id", "1"])
    write_csv(tmp_path / "b.csv", ["id", "oops"])
    src = source(path=str(tmp_path / "*.csv"), stream_name="t")
    stream = src.discover().get("t")
    with pytest.raises(TerminalError, match=r"b\.csv"):
        list(src.read(ConfiguredStream(stream), None))
