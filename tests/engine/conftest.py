from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from sluice.connectors.builtin.dummy import DummyConfig, store
from sluice.connectors.builtin.dummy.destination import DummyDestination
from sluice.connectors.builtin.dummy.source import DummySource
from sluice.connectors.sdk import ConfiguredStream, SyncMode
from sluice.engine import RetryPolicy, StreamResult


@pytest.fixture(autouse=True)
def _reset_dummy_store() -> Iterator[None]:
    store.reset()
    yield
    store.reset()


class RecordingReporter:
    """Keeps every callback; optionally runs a hook on progress."""

    def __init__(self, on_progress: Callable[[str, int], None] | None = None) -> None:
        self.started: list[str] = []
        self.progress_calls: list[tuple[str, int, int, float]] = []
        self.finished: list[StreamResult] = []
        self.logs: list[tuple[int, str]] = []
        self.on_progress = on_progress

    def stream_started(self, stream: str) -> None:
        self.started.append(stream)

    def progress(
        self, stream: str, rows_extracted: int, rows_loaded: int, rows_per_second: float
    ) -> None:
        self.progress_calls.append((stream, rows_extracted, rows_loaded, rows_per_second))
        if self.on_progress is not None:
            self.on_progress(stream, rows_extracted)

    def stream_finished(self, result: StreamResult) -> None:
        self.finished.append(result)

    def log(self, level: int, message: str) -> None:
        self.logs.append((level, message))


def dummy_source(**config: Any) -> Callable[[], DummySource]:
    cfg = DummyConfig(**config)
    return lambda: DummySource(cfg)


def dummy_destination(**config: Any) -> Callable[[], DummyDestination]:
    cfg = DummyConfig(**config)
    return lambda: DummyDestination(cfg)


def configured(
    source: Callable[[], DummySource],
    stream: str = "items",
    mode: SyncMode = SyncMode.FULL_REFRESH,
    cursor: str | None = None,
) -> ConfiguredStream:
    spec = source().discover().get(stream)
    if mode is SyncMode.INCREMENTAL and cursor is None:
        cursor = "updated_at"
    return ConfiguredStream(spec, sync_mode=mode, cursor_field=cursor)


FAST_RETRY = RetryPolicy(max_attempts=3, initial_delay=0.01, max_delay=0.01)
