from __future__ import annotations

import pyarrow as pa
import pytest

from sluice.connectors.sdk import Batch, Checkpoint, TerminalError, TransientError
from sluice.engine.batching import conform, rechunk
from sluice.engine.retry import RetryPolicy


def test_rechunk_slices_big_batches_and_keeps_the_checkpoint_last():
    big = pa.record_batch({"x": list(range(10))})
    small = pa.record_batch({"x": [10]})
    out = list(rechunk([Batch(big, Checkpoint({"x": 9})), Batch(small, None)], 4))
    assert [b.records.num_rows for b in out] == [4, 4, 2, 1]
    assert [b.checkpoint for b in out] == [None, None, Checkpoint({"x": 9}), None]
    assert out[3].records is small
    assert [x for b in out for x in b.records.column(0).to_pylist()] == list(range(11))


def test_conform_reorders_and_casts_safely():
    schema = pa.schema([("a", pa.int64()), ("b", pa.string())])
    batch = pa.record_batch({"b": ["x"], "a": pa.array([1], pa.int32())})
    out = conform(batch, schema, stream="s")
    assert out.schema == schema
    same = pa.record_batch({"a": pa.array([1], pa.int64()), "b": ["x"]})
    assert conform(same, schema, stream="s") is same


def test_conform_rejects_missing_or_unfit_columns():
    schema = pa.schema([("a", pa.int64()), ("b", pa.int64())])
    with pytest.raises(TerminalError, match="without column\\(s\\) b"):
        conform(pa.record_batch({"a": [1]}), schema, stream="s")
    with pytest.raises(TerminalError, match="'b' is string in a batch but int64"):
        conform(pa.record_batch({"a": [1], "b": ["x"]}), schema, stream="s")


def test_retry_policy_backoff_is_bounded():
    policy = RetryPolicy(max_attempts=4, initial_delay=1, multiplier=3, max_delay=5)
    assert [policy.delay(n) for n in (1, 2, 3)] == [1, 3, 5]
    assert policy.should_retry(TransientError("x"), 3)
    assert not policy.should_retry(TransientError("x"), 4)
    assert not policy.should_retry(TerminalError("x"), 1)
    assert not policy.should_retry(ValueError("x"), 1)
    with pytest.raises(ValueError, match="max_attempts"):
        RetryPolicy(max_attempts=0)
