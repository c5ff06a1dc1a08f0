"""What a sync run reports back: one :class:`StreamResult` per stream, aggregated in a
:class:`SyncResult`."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from sluice.connectors.sdk import Checkpoint


class StreamStatus(enum.StrEnum):
    """How one stream of a run ended."""

    SUCCESS = "success"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class StreamResult:
    """The outcome of one stream.

    Counters add up over every attempt of the stream:

    - ``records_extracted``: rows the source yielded (or the binary relay moved);
    - ``records_loaded``: rows the destination committed;
    - ``records_failed``: rows extracted but discarded because their unit of work was aborted
      (failure, cancellation, or an attempt that was retried). When a stream ends,
      ``records_extracted == records_loaded + records_failed``.

    ``checkpoint`` is the last checkpoint saved to the state store during this run (``None`` if
    none was saved). ``error`` is a readable message for ``failed`` and ``cancelled`` streams.
    """

    stream: str
    status: StreamStatus
    records_extracted: int = 0
    records_loaded: int = 0
    records_failed: int = 0
    attempts: int = 1
    error: str | None = None
    checkpoint: Checkpoint | None = None
    duration_seconds: float = 0.0
    binary_copy: bool = False


@dataclass(frozen=True)
class SyncResult:
    """The outcome of a whole run, streams in plan order."""

    streams: tuple[StreamResult, ...]

    @property
    def status(self) -> StreamStatus:
        """``cancelled`` if any stream was cancelled, else ``failed`` if any failed, else
        ``success`` (a run with no streams succeeds)."""
        statuses = {s.status for s in self.streams}
        if StreamStatus.CANCELLED in statuses:
            return StreamStatus.CANCELLED
        if StreamStatus.FAILED in statuses:
            return StreamStatus.FAILED
        return StreamStatus.SUCCESS

    @property
    def records_extracted(self) -> int:
        """Rows extracted over all streams."""
        return sum(s.records_extracted for s in self.streams)

    @property
    def records_loaded(self) -> int:
        """Rows committed over all streams."""
        return sum(s.records_loaded for s in self.streams)

    @property
    def records_failed(self) -> int:
        """Rows discarded over all streams."""
        return sum(s.records_failed for s in self.streams)

    @property
    def errors(self) -> dict[str, str]:
        """Error message per stream that did not succeed."""
        return {s.stream: s.error for s in self.streams if s.error is not None}

    def get(self, stream: str) -> StreamResult:
        """The result of ``stream``; ``KeyError`` naming it when the run had no such stream."""
        for result in self.streams:
            if result.stream == stream:
                return result
        raise KeyError(stream)
