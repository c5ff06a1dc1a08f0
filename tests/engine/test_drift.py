"""Schema drift: unit rules and the engine applying the pipeline's policy."""

from __future__ import annotations

import pyarrow as pa
import pytest

from sluice.connectors.builtin.dummy import store
from sluice.connectors.sdk import SchemaDriftError
from sluice.engine import (
    NO_RETRY,
    CancelFlag,
    DriftPolicy,
    MemoryStateStore,
    StreamStatus,
    build_plan,
    check_drift,
    diff_schemas,
    run_sync,
)
from sluice.engine.schema import is_widening

from .conftest import RecordingReporter, configured, dummy_destination, dummy_source


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (pa.int32(), pa.int64()),
        (pa.int8(), pa.int16()),
        (pa.uint32(), pa.int64()),
        (pa.float32(), pa.float64()),
        (pa.int32(), pa.float64()),
        (pa.decimal128(10, 2), pa.decimal128(12, 2)),
        (pa.decimal128(10, 2), pa.decimal256(20, 4)),
        (pa.string(), pa.large_string()),
        (pa.binary(), pa.large_binary()),
        (pa.timestamp("s", tz="UTC"), pa.timestamp("us", tz="UTC")),
        (pa.null(), pa.string()),
    ],
)
def test_widenings(old, new):
    assert is_widening(old, new)
    assert not is_widening(new, old)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (pa.string(), pa.int64()),
        (pa.int64(), pa.float64()),
        (pa.int64(), pa.uint64()),
        (pa.decimal128(10, 2), pa.decimal128(10, 4)),
        (pa.timestamp("us"), pa.timestamp("us", tz="UTC")),
        (pa.int32(), pa.int32()),
    ],
)
def test_not_widenings(old, new):
    assert not is_widening(old, new)


def test_diff_classifies_every_column():
    existing = pa.schema(
        [("id", pa.int64()), ("n", pa.int32()), ("s", pa.string()), ("gone", pa.bool_())]
    )
    incoming = pa.schema(
        [("id", pa.int32()), ("n", pa.int64()), ("s", pa.int64()), ("new", pa.float64())]
    )
    diff = diff_schemas(existing, incoming)
    assert [f.name for f in diff.added] == ["new"]
    assert [c.name for c in diff.widened] == ["n"]
    assert [c.name for c in diff.fits] == ["id"]
    assert [c.name for c in diff.incompatible] == ["s"]
    assert diff.removed == ("gone",)
    text = diff.describe()
    assert "added: new (double)" in text
    assert "incompatible: s: string -> int64" in text


def test_policies():
    existing = pa.schema([("id", pa.int64()), ("old", pa.string())])
    removed_only = pa.schema([("id", pa.int64())])
    added = pa.schema([("id", pa.int64()), ("x", pa.string())])
    assert check_drift(None, added, DriftPolicy.FREEZE, stream="s").added == ()
    assert check_drift(existing, removed_only, DriftPolicy.FREEZE, stream="s").removed == ("old",)
    assert check_drift(existing, added, DriftPolicy.EVOLVE, stream="s").added
    with pytest.raises(SchemaDriftError, match=r"'freeze'.*added: x \(string\)"):
        check_drift(existing, added, DriftPolicy.FREEZE, stream="s")


def _run(src, policy):
    plan = build_plan([configured(src)], namespace="main", drift_policy=policy, retry=NO_RETRY)
    return run_sync(
        src,
        dummy_destination(),
        plan,
        state_store=MemoryStateStore(),
        reporter=RecordingReporter(),
        cancel=CancelFlag(),
    )


def test_evolve_adds_the_new_column():
    assert _run(dummy_source(rows=3, columns=1), DriftPolicy.EVOLVE).status is StreamStatus.SUCCESS
    wider = dummy_source(rows=4, columns=2)
    assert _run(wider, DriftPolicy.EVOLVE).status is StreamStatus.SUCCESS
    table = store.get_table("default", "main", "items")
    assert table.column_names == ["id", "updated_at", "col_1", "col_2"]
    assert table.num_rows == 4


def test_evolve_widens_a_column():
    _run(dummy_source(rows=3, column_type="int32"), DriftPolicy.EVOLVE)
    result = _run(dummy_source(rows=3, column_type="int64"), DriftPolicy.EVOLVE)
    assert result.status is StreamStatus.SUCCESS
    assert store.get_table("default", "main", "items").schema.field("col_1").type == pa.int64()


def test_freeze_fails_with_a_readable_diff():
    _run(dummy_source(rows=3, columns=1), DriftPolicy.FREEZE)
    result = _run(dummy_source(rows=3, columns=2), DriftPolicy.FREEZE)
    item = result.get("items")
    assert item.status is StreamStatus.FAILED
    assert item.error is not None
    assert item.error.startswith("SchemaDriftError: stream 'items'")
    assert "added: col_2 (string)" in item.error
    assert store.get_table("default", "main", "items").num_rows == 3  # untouched


def test_incompatible_change_fails_even_under_evolve():
    _run(dummy_source(rows=3, column_type="int64"), DriftPolicy.EVOLVE)
    result = _run(dummy_source(rows=3, column_type="string"), DriftPolicy.EVOLVE)
    assert result.get("items").status is StreamStatus.FAILED
    assert "incompatible: col_1: int64 -> string" in (result.get("items").error or "")
