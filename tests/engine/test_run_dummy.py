"""run_sync over the dummy connectors: sync semantics, failures, retries, cancellation."""

from __future__ import annotations

import threading

import pyarrow.compute as pc

from sluice.connectors.builtin.dummy import store
from sluice.connectors.sdk import Checkpoint, SyncMode, WriteMode
from sluice.engine import (
    NO_RETRY,
    CancelFlag,
    MemoryStateStore,
    StreamStatus,
    SyncResult,
    build_plan,
    run_sync,
)

from .conftest import FAST_RETRY, RecordingReporter, configured, dummy_destination, dummy_source

NS = "main"


def ids(name: str = "items", st: str = "default") -> list[int]:
    table = store.get_table(st, NS, name)
    assert table is not None
    return sorted(table.column("id").to_pylist())


def sync(
    src,
    dst,
    *streams,
    state=None,
    reporter=None,
    cancel=None,
    write_mode=None,
    **plan_kw,
) -> SyncResult:
    plan_kw.setdefault("retry", NO_RETRY)
    plan = build_plan(streams, namespace=NS, write_mode=write_mode, **plan_kw)
    return run_sync(
        src,
        dst,
        plan,
        state_store=state if state is not None else MemoryStateStore(),
        reporter=reporter or RecordingReporter(),
        cancel=cancel or CancelFlag(),
        sleep=lambda _s: None,
    )


def test_full_refresh_twice_leaves_exactly_the_source_rows():
    src, dst = dummy_source(rows=25, batch_size=7), dummy_destination()
    for _ in range(2):
        result = sync(src, dst, configured(src))
        assert result.status is StreamStatus.SUCCESS
        assert result.get("items").records_loaded == 25
    assert ids() == list(range(1, 26))
    assert [e for e, _ in store.events("default")].count("commit") == 2


def test_failure_mid_overwrite_leaves_the_old_data():
    src = dummy_source(rows=10)
    sync(src, dummy_destination(), configured(src))
    bigger = dummy_source(rows=50, batch_size=10, fail_after_rows=20, fail_kind="terminal")
    result = sync(bigger, dummy_destination(), configured(bigger))
    item = result.get("items")
    assert item.status is StreamStatus.FAILED
    assert "injected terminal failure" in (item.error or "")
    assert (item.records_extracted, item.records_loaded, item.records_failed) == (20, 0, 20)
    assert ids() == list(range(1, 11))
    assert store.events("default")[-1] == ("abort", f"{NS}.items")


def test_destination_commit_failure_mid_overwrite_leaves_the_old_data():
    src = dummy_source(rows=10)
    sync(src, dummy_destination(), configured(src))
    dst = dummy_destination(fail_on_commit=1, fail_kind="terminal")
    result = sync(dummy_source(rows=30), dst, configured(src))
    assert result.status is StreamStatus.FAILED
    assert ids() == list(range(1, 11))


def test_incremental_reads_only_new_rows():
    state = MemoryStateStore()
    src = dummy_source(rows=30, batch_size=10)
    first = sync(src, dummy_destination(), configured(src, mode=SyncMode.INCREMENTAL), state=state)
    assert first.get("items").records_loaded == 30
    assert state.load("items") == Checkpoint({"id": 30, "cursor_field": "updated_at"})
    more = dummy_source(rows=45, batch_size=10)
    second = sync(
        more, dummy_destination(), configured(more, mode=SyncMode.INCREMENTAL), state=state
    )
    assert second.get("items").records_extracted == 15
    assert ids() == list(range(1, 46))


def test_full_refresh_ignores_and_keeps_no_state():
    state = MemoryStateStore({"items": Checkpoint({"id": 90})})
    src = dummy_source(rows=5)
    sync(src, dummy_destination(), configured(src), state=state)
    assert ids() == [1, 2, 3, 4, 5]
    assert state.history == []


def test_state_advances_only_after_commit_and_rerun_loses_nothing():
    state = MemoryStateStore()
    failing = dummy_source(rows=100, batch_size=10, fail_after_rows=45, fail_kind="terminal")
    stream = configured(failing, mode=SyncMode.INCREMENTAL)
    result = sync(failing, dummy_destination(), stream, state=state, commit_every_rows=20)
    item = result.get("items")
    assert item.status is StreamStatus.FAILED
    # batches of 10, commits after 20 and 40 rows; rows 41-50 were aborted
    assert item.records_loaded == 40
    assert item.records_failed == 10
    assert state.load("items") == Checkpoint({"id": 40, "cursor_field": "updated_at"})
    assert [c.data["id"] for _, c in state.history] == [20, 40]
    assert item.checkpoint == state.load("items")
    assert ids() == list(range(1, 41))

    healthy = dummy_source(rows=100, batch_size=10)
    rerun = sync(healthy, dummy_destination(), stream, state=state, commit_every_rows=20)
    assert rerun.get("items").records_extracted == 60
    assert ids() == list(range(1, 101))  # nothing lost, nothing duplicated


def test_merge_rerun_never_duplicates_rows():
    state = MemoryStateStore()
    src = dummy_source(rows=30, batch_size=10, inclusive_cursor=True)
    stream = configured(src, mode=SyncMode.INCREMENTAL)
    for _ in range(3):
        result = sync(src, dummy_destination(), stream, state=state, write_mode=WriteMode.MERGE)
        assert result.status is StreamStatus.SUCCESS
    assert ids() == list(range(1, 31))
    # the same rows appended instead would duplicate the re-read boundary row
    sync(src, dummy_destination(), stream, state=state, write_mode=WriteMode.APPEND)
    assert ids().count(30) == 2


def test_merge_after_a_crash_has_no_duplicates():
    state = MemoryStateStore()
    failing = dummy_source(
        rows=60, batch_size=10, inclusive_cursor=True, fail_after_rows=35, fail_kind="terminal"
    )
    stream = configured(failing, mode=SyncMode.INCREMENTAL)
    kw = {"state": state, "write_mode": WriteMode.MERGE, "commit_every_rows": 10}
    assert sync(failing, dummy_destination(), stream, **kw).status is StreamStatus.FAILED
    assert state.load("items").data["id"] == 40
    assert sync(failing, dummy_destination(), stream, **kw).status is StreamStatus.SUCCESS
    assert ids() == list(range(1, 61))


def test_transient_error_is_retried_then_succeeds():
    state = MemoryStateStore()
    src = dummy_source(rows=50, batch_size=10, fail_after_rows=25, fail_kind="transient")
    stream = configured(src, mode=SyncMode.INCREMENTAL)
    slept: list[float] = []
    plan = build_plan([stream], namespace=NS, retry=FAST_RETRY, commit_every_rows=10)
    reporter = RecordingReporter()
    result = run_sync(
        src,
        dummy_destination(),
        plan,
        state_store=state,
        reporter=reporter,
        cancel=CancelFlag(),
        sleep=slept.append,
    )
    item = result.get("items")
    assert item.status is StreamStatus.SUCCESS
    assert item.attempts == 2
    assert slept == [0.01]
    assert ids() == list(range(1, 51))  # resumed from the checkpoint at 30: no duplicates
    assert item.records_extracted == 30 + 20
    assert any("retrying" in message for _, message in reporter.logs)


def test_transient_error_gives_up_after_max_attempts():
    src = dummy_source(rows=20, fail_after_rows=5, fail_mode="always")
    result = sync(src, dummy_destination(), configured(src), retry=FAST_RETRY)
    item = result.get("items")
    assert item.status is StreamStatus.FAILED
    assert item.attempts == 3
    assert "TransientError" in (item.error or "")


def test_terminal_error_fails_one_stream_and_the_others_succeed():
    src = dummy_source(streams=["good", "bad"], rows=20)
    bad = dummy_source(streams=["good", "bad"], rows=20, fail_after_rows=0, fail_kind="terminal")

    def factory():
        return factory.calls.pop(0)()

    factory.calls = [src, bad]  # stream "good" reads src, stream "bad" the faulty config
    result = sync(
        factory,
        dummy_destination(),
        configured(src, "good"),
        configured(src, "bad"),
        retry=FAST_RETRY,
    )
    assert result.status is StreamStatus.FAILED
    assert result.get("good").status is StreamStatus.SUCCESS
    assert result.get("bad").status is StreamStatus.FAILED
    assert result.get("bad").attempts == 1
    assert result.errors == {
        "bad": "TerminalError: injected terminal failure: after 0 rows of 'bad'"
    }
    assert ids("good") == list(range(1, 21))
    assert store.get_table("default", NS, "bad") is None


def test_cancel_mid_run_aborts_the_writer():
    cancel = CancelFlag()
    reporter = RecordingReporter(on_progress=lambda _stream, rows: rows and cancel.cancel())
    src = dummy_source(rows=100, batch_size=10)
    result = sync(src, dummy_destination(), configured(src), reporter=reporter, cancel=cancel)
    item = result.get("items")
    assert result.status is StreamStatus.CANCELLED
    assert item.status is StreamStatus.CANCELLED
    assert item.records_loaded == 0
    assert item.records_extracted == item.records_failed == 10
    assert store.get_table("default", NS, "items") is None
    assert [e for e, _ in store.events("default")] == ["open", "write", "abort"]


def test_cancel_before_start_touches_nothing():
    cancel = CancelFlag()
    cancel.cancel()
    src = dummy_source(streams=["a", "b"])
    result = sync(
        src, dummy_destination(), configured(src, "a"), configured(src, "b"), cancel=cancel
    )
    assert [s.status for s in result.streams] == [StreamStatus.CANCELLED] * 2
    assert store.events("default") == []


def test_parallel_streams_run_at_the_same_time():
    barrier = threading.Barrier(2, timeout=30)
    threads: set[int] = set()

    class BarrierReporter(RecordingReporter):
        def stream_started(self, stream: str) -> None:
            threads.add(threading.get_ident())
            barrier.wait()  # both streams must be running for either to go on
            super().stream_started(stream)

    src = dummy_source(streams=["a", "b"], rows=30, batch_size=5)
    reporter = BarrierReporter()
    result = sync(
        src,
        dummy_destination(),
        configured(src, "a"),
        configured(src, "b"),
        reporter=reporter,
        max_parallel=2,
    )
    assert result.status is StreamStatus.SUCCESS
    assert len(threads) == 2
    assert sorted(reporter.started) == ["a", "b"]
    assert ids("a") == ids("b") == list(range(1, 31))


def test_progress_callbacks_are_received():
    reporter = RecordingReporter()
    src = dummy_source(rows=40, batch_size=10)
    result = sync(src, dummy_destination(), configured(src), reporter=reporter)
    assert reporter.started == ["items"]
    assert reporter.finished == list(result.streams)
    assert reporter.progress_calls, "no progress reported"
    stream, extracted, loaded, rate = reporter.progress_calls[-1]
    assert (stream, extracted, loaded) == ("items", 40, 40)
    assert rate > 0


def test_big_source_batches_are_rechunked():
    src = dummy_source(rows=95, batch_size=95)
    sync(src, dummy_destination(), configured(src), batch_size=20)
    writes = [e for e, _ in store.events("default")].count("write")
    assert writes == 5
    assert ids() == list(range(1, 96))


def test_column_selection_writes_only_selected_columns():
    src = dummy_source(rows=5, columns=3)
    spec = src().discover().get("items")
    from sluice.connectors.sdk import ConfiguredStream

    stream = ConfiguredStream(spec, columns=("id", "col_2"))
    sync(src, dummy_destination(), stream)
    table = store.get_table("default", NS, "items")
    assert table.column_names == ["id", "col_2"]
    assert pc.sum(table.column("id")).as_py() == 15
