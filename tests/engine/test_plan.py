"""Plan builders apply the sync semantics and reject what cannot run."""

from __future__ import annotations

import pyarrow as pa
import pytest

from sluice.connectors.sdk import ConfiguredStream, StreamSpec, SyncMode, WriteMode
from sluice.engine import PlanError, build_plan, plan_stream
from sluice.engine.plan import SyncPlan

SPEC = StreamSpec(
    "orders",
    pa.schema([("id", pa.int64()), ("updated", pa.timestamp("us")), ("note", pa.string())]),
    primary_key=("id",),
    cursor_candidates=("updated",),
)
NO_PK = StreamSpec("events", SPEC.schema)


@pytest.mark.parametrize(
    ("sync_mode", "requested", "expected"),
    [
        (SyncMode.FULL_REFRESH, None, WriteMode.OVERWRITE),
        (SyncMode.APPEND, None, WriteMode.APPEND),
        (SyncMode.INCREMENTAL, None, WriteMode.APPEND),
        (SyncMode.INCREMENTAL, WriteMode.MERGE, WriteMode.MERGE),
    ],
)
def test_write_mode_follows_sync_mode(sync_mode, requested, expected):
    configured = ConfiguredStream(SPEC, sync_mode=sync_mode, cursor_field="updated")
    plan = plan_stream(configured, namespace="raw", write_mode=requested)
    assert plan.write_mode is expected
    assert plan.target.namespace == "raw"
    assert plan.target.name == "orders"
    assert plan.target.primary_key == ("id",)
    assert plan.target.schema == SPEC.schema


def test_full_refresh_cannot_merge():
    with pytest.raises(PlanError, match="'full_refresh' writes with overwrite, not 'merge'"):
        plan_stream(ConfiguredStream(SPEC), namespace="raw", write_mode=WriteMode.MERGE)


def test_incremental_needs_a_cursor():
    with pytest.raises(PlanError, match=r"needs a cursor field \(candidates: updated\)"):
        plan_stream(ConfiguredStream(SPEC, sync_mode=SyncMode.INCREMENTAL), namespace="raw")


def test_cursor_must_be_selected():
    configured = ConfiguredStream(
        SPEC, sync_mode=SyncMode.INCREMENTAL, cursor_field="updated", columns=("id",)
    )
    with pytest.raises(PlanError, match="cursor field 'updated' is not a selected column"):
        plan_stream(configured, namespace="raw")


def test_merge_needs_a_primary_key():
    configured = ConfiguredStream(NO_PK, sync_mode=SyncMode.INCREMENTAL, cursor_field="updated")
    with pytest.raises(PlanError, match="merge needs a primary key") as info:
        plan_stream(configured, namespace="raw", write_mode=WriteMode.MERGE)
    assert info.value.stream == "events"
    explicit = ConfiguredStream(
        NO_PK, sync_mode=SyncMode.INCREMENTAL, cursor_field="updated", primary_key=("id",)
    )
    plan = plan_stream(explicit, namespace="raw", write_mode=WriteMode.MERGE)
    assert plan.target.primary_key == ("id",)


def test_unknown_columns_are_rejected():
    with pytest.raises(PlanError, match="column\\(s\\) nope do not exist"):
        plan_stream(ConfiguredStream(SPEC, columns=("id", "nope")), namespace="raw")


def test_build_plan_applies_write_mode_to_incremental_streams_only():
    plan = build_plan(
        [
            ConfiguredStream(SPEC, sync_mode=SyncMode.INCREMENTAL, cursor_field="updated"),
            ConfiguredStream(NO_PK),
        ],
        namespace="raw",
        write_mode=WriteMode.MERGE,
        names={"events": "all_events"},
        max_parallel=4,
    )
    assert [(s.name, s.target.name, s.write_mode) for s in plan.streams] == [
        ("orders", "orders", WriteMode.MERGE),
        ("events", "all_events", WriteMode.OVERWRITE),
    ]
    assert plan.max_parallel == 4


def test_plan_rejects_duplicate_streams_and_bad_knobs():
    stream = plan_stream(ConfiguredStream(SPEC), namespace="raw")
    with pytest.raises(PlanError, match="selected twice: orders"):
        SyncPlan(streams=(stream, stream))
    with pytest.raises(PlanError, match="max_parallel"):
        SyncPlan(streams=(stream,), max_parallel=0)
