"""What a run will do: which streams, written where and how, with which run-wide knobs.

The builders here apply the sync semantics of DESIGN.md once, so the run loop never has to:

===================  ===============================  ====================================
sync mode            reads                            write mode
===================  ===============================  ====================================
``full_refresh``     everything                       ``overwrite`` (atomic swap at the end)
``append``           everything                       ``append``
``incremental``      rows with cursor > checkpoint    ``append`` (default) or ``merge``
===================  ===============================  ====================================

``merge`` needs a primary key and ``incremental`` a cursor field; both must be selected columns.
Invalid combinations raise :class:`PlanError` naming the stream.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sluice.connectors.sdk import ConfiguredStream, SyncMode, WriteMode, WriteTarget
from sluice.engine.retry import RetryPolicy
from sluice.engine.schema import DriftPolicy


class PlanError(ValueError):
    """A pipeline's stream configuration cannot be run as asked; ``stream`` names it."""

    def __init__(self, message: str, *, stream: str | None = None) -> None:
        super().__init__(message)
        self.stream = stream


@dataclass(frozen=True)
class StreamPlan:
    """One stream to move: what to read (``configured``) and where to write it (``target``)."""

    configured: ConfiguredStream
    target: WriteTarget

    @property
    def name(self) -> str:
        """The source stream name, also the key of its state."""
        return self.configured.stream.name

    @property
    def sync_mode(self) -> SyncMode:
        """How the stream is read."""
        return self.configured.sync_mode

    @property
    def write_mode(self) -> WriteMode:
        """How the stream is written."""
        return self.target.write_mode


@dataclass(frozen=True)
class SyncPlan:
    """Every stream of a run plus the run-wide knobs.

    - ``max_parallel``: streams moved at the same time (one thread each).
    - ``drift_policy``: see :mod:`sluice.engine.schema`.
    - ``retry``: per-stream retry of transient errors.
    - ``batch_size``: source batches larger than this are sliced (zero-copy) before writing.
    - ``commit_every_rows`` / ``commit_every_seconds``: incremental streams commit (and save
      their checkpoint) when either threshold is crossed and a newer checkpoint is pending;
      other streams commit once, at the end.
    - ``read_ahead``: batches the source may read ahead of the destination, in its own thread
      (``0`` reads and writes in one thread).
    """

    streams: tuple[StreamPlan, ...]
    max_parallel: int = 1
    drift_policy: DriftPolicy = DriftPolicy.EVOLVE
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    batch_size: int = 100_000
    commit_every_rows: int = 1_000_000
    commit_every_seconds: float = 300.0
    read_ahead: int = 1

    def __post_init__(self) -> None:
        if self.max_parallel < 1:
            raise PlanError("max_parallel must be at least 1")
        if self.read_ahead < 0:
            raise PlanError("read_ahead must be 0 or more")
        if self.batch_size < 1 or self.commit_every_rows < 1 or self.commit_every_seconds <= 0:
            raise PlanError("batch_size, commit_every_rows and commit_every_seconds must be > 0")
        names = [s.name for s in self.streams]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise PlanError(f"streams selected twice: {', '.join(duplicates)}")


def resolve_write_mode(
    sync_mode: SyncMode, requested: WriteMode | None, *, stream: str = "?"
) -> WriteMode:
    """The write mode for ``sync_mode``, honouring ``requested`` where the semantics allow."""
    allowed = {
        SyncMode.FULL_REFRESH: (WriteMode.OVERWRITE,),
        SyncMode.APPEND: (WriteMode.APPEND,),
        SyncMode.INCREMENTAL: (WriteMode.APPEND, WriteMode.MERGE),
    }[sync_mode]
    if requested is None:
        return allowed[0]
    if requested not in allowed:
        ok = " or ".join(m.value for m in allowed)
        msg = (
            f"stream {stream!r}: sync mode {sync_mode.value!r} writes with {ok}, "
            f"not {requested.value!r}"
        )
        raise PlanError(msg, stream=stream)
    return requested


def plan_stream(
    configured: ConfiguredStream,
    *,
    namespace: str,
    name: str | None = None,
    write_mode: WriteMode | None = None,
    options: Mapping[str, Any] | None = None,
) -> StreamPlan:
    """Validate one selected stream and decide its write target.

    ``name`` defaults to the stream name; ``write_mode`` defaults to what the sync mode implies
    (``incremental`` → ``append``). The primary key is the configured one, else the stream's.
    """
    stream = configured.stream.name
    mode = resolve_write_mode(configured.sync_mode, write_mode, stream=stream)
    selected = configured.selected_schema
    if configured.columns is not None:
        unknown = [c for c in configured.columns if c not in configured.stream.schema.names]
        if unknown:
            msg = f"stream {stream!r}: selected column(s) {', '.join(unknown)} do not exist"
            raise PlanError(msg, stream=stream)
    if len(selected) == 0:
        raise PlanError(f"stream {stream!r}: no columns selected", stream=stream)
    primary_key = configured.primary_key or configured.stream.primary_key
    if configured.sync_mode is SyncMode.INCREMENTAL:
        cursor = configured.cursor_field
        if not cursor:
            msg = (
                f"stream {stream!r}: incremental sync needs a cursor field "
                f"(candidates: {', '.join(configured.stream.cursor_candidates) or 'none'})"
            )
            raise PlanError(msg, stream=stream)
        if cursor not in selected.names:
            msg = f"stream {stream!r}: cursor field {cursor!r} is not a selected column"
            raise PlanError(msg, stream=stream)
    if mode is WriteMode.MERGE:
        if not primary_key:
            msg = (
                f"stream {stream!r}: merge needs a primary key; the source declares none, so "
                "set one for the stream or write with 'append'"
            )
            raise PlanError(msg, stream=stream)
        missing = [c for c in primary_key if c not in selected.names]
        if missing:
            msg = f"stream {stream!r}: primary key column(s) {', '.join(missing)} not selected"
            raise PlanError(msg, stream=stream)
    if primary_key != configured.primary_key:
        configured = replace(configured, primary_key=tuple(primary_key))
    target = WriteTarget(
        namespace=namespace,
        name=name or stream,
        schema=selected,
        write_mode=mode,
        primary_key=tuple(primary_key),
        options=dict(options or {}),
    )
    return StreamPlan(configured=configured, target=target)


def build_plan(
    streams: Sequence[ConfiguredStream],
    *,
    namespace: str,
    write_mode: WriteMode | None = None,
    names: Mapping[str, str] | None = None,
    max_parallel: int = 1,
    drift_policy: DriftPolicy = DriftPolicy.EVOLVE,
    retry: RetryPolicy | None = None,
    batch_size: int = 100_000,
    commit_every_rows: int = 1_000_000,
    commit_every_seconds: float = 300.0,
) -> SyncPlan:
    """A :class:`SyncPlan` for ``streams`` all written into ``namespace``.

    ``write_mode`` applies to incremental streams only (``append`` or ``merge``); the other sync
    modes imply theirs. ``names`` maps a stream name to a different destination name.
    """
    renames = names or {}
    plans = []
    for configured in streams:
        wanted = write_mode if configured.sync_mode is SyncMode.INCREMENTAL else None
        plans.append(
            plan_stream(
                configured,
                namespace=namespace,
                name=renames.get(configured.stream.name),
                write_mode=wanted,
            )
        )
    return SyncPlan(
        streams=tuple(plans),
        max_parallel=max_parallel,
        drift_policy=drift_policy,
        retry=retry or RetryPolicy(),
        batch_size=batch_size,
        commit_every_rows=commit_every_rows,
        commit_every_seconds=commit_every_seconds,
    )
