"""The extract → load engine: pure Python over the connector SDK and three small ports.

Import what a caller needs from here::

    from sluice.engine import build_plan, run_sync, MemoryStateStore, NullReporter, CancelFlag
"""

from sluice.engine.plan import PlanError, StreamPlan, SyncPlan, build_plan, plan_stream
from sluice.engine.ports import (
    CancelFlag,
    CancelToken,
    MemoryStateStore,
    NullReporter,
    Reporter,
    StateStore,
)
from sluice.engine.result import StreamResult, StreamStatus, SyncResult
from sluice.engine.retry import NO_RETRY, RetryPolicy
from sluice.engine.run import DestinationFactory, SourceFactory, run_sync
from sluice.engine.schema import DriftPolicy, SchemaDiff, check_drift, diff_schemas

__all__ = [
    "NO_RETRY",
    "CancelFlag",
    "CancelToken",
    "DestinationFactory",
    "DriftPolicy",
    "MemoryStateStore",
    "NullReporter",
    "PlanError",
    "Reporter",
    "RetryPolicy",
    "SchemaDiff",
    "SourceFactory",
    "StateStore",
    "StreamPlan",
    "StreamResult",
    "StreamStatus",
    "SyncPlan",
    "SyncResult",
    "build_plan",
    "check_drift",
    "diff_schemas",
    "plan_stream",
    "run_sync",
]
