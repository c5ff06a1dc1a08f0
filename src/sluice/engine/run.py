"""The extract → load loop: move every stream of a :class:`SyncPlan` and report how it went.

Guarantees (DESIGN.md, Sync semantics):

- State is saved only after the destination committed every batch the checkpoint covers; a
  crash or failure never skips rows, and with ``merge`` a rerun never duplicates them.
- ``overwrite`` (full refresh) and ``append`` streams commit exactly once, at the end: a failed
  or cancelled run leaves the destination as it was and a retry never duplicates rows.
- ``incremental`` streams commit whenever ``commit_every_rows`` rows or ``commit_every_seconds``
  seconds have passed *and* the source reached a newer checkpoint, then save that checkpoint.
- Cancellation is checked between batches; the open writer is aborted and the stream is
  ``cancelled``. Transient errors are retried with backoff, resuming from the last saved
  checkpoint; terminal errors fail the stream while the other streams carry on.
- Streams run in parallel threads (at most ``plan.max_parallel``), each with its own source and
  destination instance from the factories.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from sluice.connectors.sdk import (
    Batch,
    BinaryCopySource,
    BinaryCopyWriter,
    Capability,
    Checkpoint,
    Destination,
    Source,
    StreamWriter,
    SyncMode,
    TerminalError,
    WriteMode,
)
from sluice.engine.batching import conform, rechunk
from sluice.engine.plan import StreamPlan, SyncPlan
from sluice.engine.ports import CancelToken, Reporter, StateStore
from sluice.engine.readahead import ReadAhead
from sluice.engine.result import StreamResult, StreamStatus, SyncResult
from sluice.engine.schema import check_drift

SourceFactory = Callable[[], Source[Any]]
DestinationFactory = Callable[[], Destination[Any]]
Sleep = Callable[[float], None]

PROGRESS_INTERVAL = 0.5
"""Seconds between throttled progress reports of one stream."""


class _CancelledError(Exception):
    """Raised inside a stream when the cancel token fired between batches."""


@dataclass
class _Counters:
    extracted: int = 0
    loaded: int = 0
    failed: int = 0
    pending: int = 0
    saved: Checkpoint | None = None
    binary_copy: bool = False


class _StreamRun:
    """Moves one stream, attempt after attempt, and builds its :class:`StreamResult`."""

    def __init__(
        self,
        plan: SyncPlan,
        stream: StreamPlan,
        *,
        source_factory: SourceFactory,
        destination_factory: DestinationFactory,
        state_store: StateStore,
        reporter: Reporter,
        cancel: CancelToken,
        sleep: Sleep,
    ) -> None:
        self.plan = plan
        self.stream = stream
        self.name = stream.name
        self.source_factory = source_factory
        self.destination_factory = destination_factory
        self.state_store = state_store
        self.reporter = reporter
        self.cancel = cancel
        self.sleep = sleep
        self.counters = _Counters()
        self.started = time.monotonic()
        self.last_progress = float("-inf")

    def run(self) -> StreamResult:
        self.reporter.stream_started(self.name)
        attempt = 0
        status, error = StreamStatus.SUCCESS, None
        while True:
            attempt += 1
            try:
                self._check_cancel()
                self._attempt()
            except _CancelledError:
                status, error = StreamStatus.CANCELLED, "cancelled by request"
            except Exception as exc:  # noqa: BLE001 - every failure ends up in the result
                if self.plan.retry.should_retry(exc, attempt) and not self.cancel.is_cancelled():
                    delay = self.plan.retry.delay(attempt)
                    self.reporter.log(
                        logging.WARNING,
                        f"stream {self.name!r}: attempt {attempt} failed ({_describe(exc)}); "
                        f"retrying in {delay:.1f}s",
                    )
                    self.sleep(delay)
                    continue
                status, error = StreamStatus.FAILED, _describe(exc)
                self.reporter.log(logging.ERROR, f"stream {self.name!r} failed: {error}")
            break
        self._report_progress(force=True)
        c = self.counters
        result = StreamResult(
            stream=self.name,
            status=status,
            records_extracted=c.extracted,
            records_loaded=c.loaded,
            records_failed=c.failed,
            attempts=attempt,
            error=error,
            checkpoint=c.saved,
            duration_seconds=time.monotonic() - self.started,
            binary_copy=c.binary_copy,
        )
        self.reporter.stream_finished(result)
        return result

    # -- one attempt -------------------------------------------------------------------------

    def _attempt(self) -> None:
        incremental = self.stream.sync_mode is SyncMode.INCREMENTAL
        checkpoint = self.state_store.load(self.name) if incremental else None
        with self.source_factory() as source, self.destination_factory() as destination:
            target = self.stream.target
            if target.write_mode is WriteMode.MERGE and (
                Capability.MERGE not in type(destination).capabilities
            ):
                msg = f"the destination {type(destination).__name__} does not support merge"
                raise TerminalError(msg)
            existing = destination.existing_schema(target.namespace, target.name)
            diff = check_drift(existing, target.schema, self.plan.drift_policy, stream=self.name)
            if diff.changes_destination or diff.removed:
                self.reporter.log(
                    logging.INFO, f"stream {self.name!r}: schema drift: {diff.describe()}"
                )
            writer = destination.open(target)
            try:
                if self._can_relay(source, destination, writer):
                    self._relay(source, writer)
                else:
                    self._copy_batches(source, writer, checkpoint, incremental=incremental)
            except BaseException:
                self.counters.failed += self.counters.pending
                self.counters.pending = 0
                writer.abort()
                raise
            finally:
                writer.close()

    def _copy_batches(
        self,
        source: Source[Any],
        writer: StreamWriter,
        checkpoint: Checkpoint | None,
        *,
        incremental: bool,
    ) -> None:
        schema = self.stream.configured.selected_schema
        batches = rechunk(source.read(self.stream.configured, checkpoint), self.plan.batch_size)
        if self.plan.read_ahead == 0:
            self._write_batches(batches, writer, schema, incremental=incremental)
            return
        name = f"sluice-read-{self.name}"
        with ReadAhead(batches, depth=self.plan.read_ahead, name=name) as ahead:
            self._write_batches(ahead, writer, schema, incremental=incremental)

    def _write_batches(
        self,
        batches: Iterable[Batch],
        writer: StreamWriter,
        schema: pa.Schema,
        *,
        incremental: bool,
    ) -> None:
        pending_checkpoint: Checkpoint | None = None
        last_commit = time.monotonic()
        for batch in batches:
            self._check_cancel()
            rows = batch.records.num_rows
            if rows:
                self.counters.extracted += rows
                self.counters.pending += rows
                writer.write(conform(batch.records, schema, stream=self.name))
            if batch.checkpoint is not None:
                pending_checkpoint = batch.checkpoint
            due = (
                self.counters.pending >= self.plan.commit_every_rows
                or time.monotonic() - last_commit >= self.plan.commit_every_seconds
            )
            if incremental and due and pending_checkpoint is not None:
                self._commit(writer, pending_checkpoint)
                pending_checkpoint = None
                last_commit = time.monotonic()
            else:
                self._report_progress()
        self._check_cancel()
        self._commit(writer, pending_checkpoint if incremental else None)

    def _commit(self, writer: StreamWriter, checkpoint: Checkpoint | None) -> None:
        writer.commit()
        self.counters.loaded += self.counters.pending
        self.counters.pending = 0
        if checkpoint is not None:
            self.state_store.save(self.name, checkpoint)
            self.counters.saved = checkpoint
        self._report_progress(force=True)

    # -- binary relay ------------------------------------------------------------------------

    def _can_relay(
        self, source: Source[Any], destination: Destination[Any], writer: StreamWriter
    ) -> bool:
        binary = Capability.POSTGRES_BINARY_COPY
        return (
            self.stream.sync_mode in (SyncMode.FULL_REFRESH, SyncMode.APPEND)
            and binary in type(source).capabilities
            and binary in type(destination).capabilities
            and isinstance(source, BinaryCopySource)
            and isinstance(writer, BinaryCopyWriter)
            and writer.can_copy_binary(self.stream.target.schema)
        )

    def _relay(self, source: Source[Any], writer: StreamWriter) -> None:
        assert isinstance(source, BinaryCopySource)  # noqa: S101 - checked by _can_relay
        assert isinstance(writer, BinaryCopyWriter)  # noqa: S101
        self.counters.binary_copy = True
        self.reporter.log(logging.INFO, f"stream {self.name!r}: relaying binary COPY")
        columns = self.stream.target.schema.names
        chunks = self._cancellable(source.copy_out_binary(self.stream.configured))
        rows = writer.copy_in_binary(chunks, columns)
        self.counters.extracted += rows
        self.counters.pending += rows
        self._check_cancel()
        self._commit(writer, None)

    def _cancellable(self, chunks: Iterable[bytes]) -> Iterator[bytes]:
        for chunk in chunks:
            self._check_cancel()
            yield chunk

    # -- helpers -----------------------------------------------------------------------------

    def _check_cancel(self) -> None:
        if self.cancel.is_cancelled():
            raise _CancelledError

    def _report_progress(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self.last_progress < PROGRESS_INTERVAL:
            return
        self.last_progress = now
        elapsed = max(now - self.started, 1e-9)
        c = self.counters
        self.reporter.progress(self.name, c.extracted, c.loaded, c.extracted / elapsed)


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _cancellable_sleep(cancel: CancelToken) -> Sleep:
    def sleep(seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not cancel.is_cancelled():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(left, 0.2))

    return sleep


def run_sync(
    source_factory: SourceFactory,
    destination_factory: DestinationFactory,
    plan: SyncPlan,
    *,
    state_store: StateStore,
    reporter: Reporter,
    cancel: CancelToken,
    sleep: Sleep | None = None,
) -> SyncResult:
    """Move every stream of ``plan`` from a source to a destination; never raises for a stream.

    ``source_factory`` / ``destination_factory`` return a fresh, unopened instance per stream
    attempt (the engine closes them). ``sleep`` waits between retries; the default sleeps in
    short slices and stops early when cancelled (inject a no-op in tests). Stream failures are
    reported in the result, not raised; exceptions raised by the ports themselves propagate.
    """
    wait = sleep or _cancellable_sleep(cancel)
    runs = [
        _StreamRun(
            plan,
            stream,
            source_factory=source_factory,
            destination_factory=destination_factory,
            state_store=state_store,
            reporter=reporter,
            cancel=cancel,
            sleep=wait,
        )
        for stream in plan.streams
    ]
    if plan.max_parallel == 1 or len(runs) <= 1:
        return SyncResult(tuple(run.run() for run in runs))
    workers = min(plan.max_parallel, len(runs))
    prefix = f"sluice-sync-{threading.get_ident()}"
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix=prefix) as pool:
        futures = [pool.submit(run.run) for run in runs]
        return SyncResult(tuple(f.result() for f in futures))
