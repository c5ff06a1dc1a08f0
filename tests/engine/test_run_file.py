"""run_sync with the file connector on real files (and the dummy source for faults)."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from sluice.connectors.builtin.file import FileConfig
from sluice.connectors.builtin.file.destination import FileDestination, read_table
from sluice.connectors.builtin.file.source import FileSource
from sluice.connectors.sdk import ConfiguredStream, SyncMode, WriteMode
from sluice.engine import (
    NO_RETRY,
    CancelFlag,
    MemoryStateStore,
    StreamStatus,
    SyncResult,
    build_plan,
    run_sync,
)

from .conftest import RecordingReporter, configured, dummy_source


def files_source(**config):
    cfg = FileConfig(**config)
    return lambda: FileSource(cfg)


def files_destination(directory):
    cfg = FileConfig(directory=str(directory))
    return lambda: FileDestination(cfg)


def run(src, dst, stream, state=None, **kw) -> SyncResult:
    plan = build_plan([stream], namespace="lake", retry=NO_RETRY, **kw)
    return run_sync(
        src,
        dst,
        plan,
        state_store=state or MemoryStateStore(),
        reporter=RecordingReporter(),
        cancel=CancelFlag(),
    )


def test_csv_files_full_refresh_into_parquet_twice(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    (data / "users_1.csv").write_text("id,name\n1,a\n2,b\n")
    (data / "users_2.csv").write_text("id,name\n3,c\n")
    src = files_source(path=str(data / "users_*.csv"))
    stream = ConfiguredStream(src().discover().get("users"))
    out = tmp_path / "out"
    for _ in range(2):
        assert run(src, files_destination(out), stream).status is StreamStatus.SUCCESS
    table = read_table(out, "lake", "users")
    assert sorted(table.column("id").to_pylist()) == [1, 2, 3]


def test_failure_mid_overwrite_leaves_the_old_file(tmp_path):
    ok = dummy_source(rows=10)
    run(ok, files_destination(tmp_path), configured(ok))
    before = (tmp_path / "lake" / "items.parquet").read_bytes()
    bad = dummy_source(rows=100, fail_after_rows=50, fail_kind="terminal")
    result = run(bad, files_destination(tmp_path), configured(bad), batch_size=5)
    assert result.status is StreamStatus.FAILED
    assert (tmp_path / "lake" / "items.parquet").read_bytes() == before
    assert [p.name for p in (tmp_path / "lake").iterdir()] == ["items.parquet"]


def test_incremental_csv_into_parquet_parts(tmp_path):
    data = tmp_path / "in"
    data.mkdir()
    (data / "a.csv").write_text("id,v\n1,x\n2,y\n")
    src = files_source(path=str(data / "*.csv"), stream_name="t")
    stream = ConfiguredStream(
        src().discover().get("t"), sync_mode=SyncMode.INCREMENTAL, cursor_field="id"
    )
    state = MemoryStateStore()
    out = tmp_path / "out"
    run(src, files_destination(out), stream, state=state, write_mode=WriteMode.APPEND)
    assert state.load("t").data == {"cursor_field": "id", "cursor": 2}
    (data / "b.csv").write_text("id,v\n2,dup\n3,z\n")
    result = run(src, files_destination(out), stream, state=state, write_mode=WriteMode.APPEND)
    assert result.get("t").records_loaded == 1
    assert sorted(read_table(out, "lake", "t").column("id").to_pylist()) == [1, 2, 3]


def test_merge_into_files_fails_the_stream_clearly(tmp_path):
    src = dummy_source(rows=3)
    result = run(
        src,
        files_destination(tmp_path),
        configured(src, mode=SyncMode.INCREMENTAL),
        write_mode=WriteMode.MERGE,
    )
    assert result.get("items").status is StreamStatus.FAILED
    assert "does not support merge" in (result.get("items").error or "")


def test_drift_evolve_adds_a_column_to_parquet(tmp_path):
    narrow = dummy_source(rows=2, columns=1)
    run(narrow, files_destination(tmp_path), configured(narrow))
    wide = dummy_source(rows=3, columns=2)
    assert run(wide, files_destination(tmp_path), configured(wide)).status is StreamStatus.SUCCESS
    schema = pq.read_schema(tmp_path / "lake" / "items.parquet")
    assert schema.names == ["id", "updated_at", "col_1", "col_2"]
    assert schema.field("updated_at").type == pa.timestamp("us", tz="UTC")
