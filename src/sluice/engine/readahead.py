"""Read-ahead: the source reads the next batch while the destination writes the current one.

On a database → database stream both ends spend most of their time waiting on their servers;
running the source's iterator in its own thread lets the two overlap. The queue between them is
bounded, so memory grows by at most ``depth`` batches.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Generic, Self, TypeVar

T = TypeVar("T")

_DONE = object()


class ReadAhead(Generic[T]):
    """Iterate ``source`` in a background thread, ``depth`` items ahead of the consumer.

    Guarantees: items arrive in order; an exception raised by ``source`` is re-raised to the
    consumer at the position it happened; leaving the ``with`` block (normally, by an error or
    by cancellation) stops the producer and waits for it, so the source is never used from two
    threads and is closed (``close()`` on generators) in the thread that ran it.
    """

    def __init__(self, source: Iterator[T], *, depth: int = 1, name: str = "sluice-read") -> None:
        if depth < 1:
            raise ValueError("depth must be at least 1")
        self._source = source
        self._queue: queue.Queue[object] = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._produce, name=name, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        while self._thread.is_alive():
            with contextlib.suppress(queue.Empty):  # unblock a producer waiting on a full queue
                self._queue.get(timeout=0.05)
        self._thread.join()

    def __iter__(self) -> Iterator[T]:
        while True:
            item = self._queue.get()
            if item is _DONE:
                return
            if isinstance(item, _Raised):
                raise item.error
            yield item  # type: ignore[misc]

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
            except queue.Full:
                continue
            return True
        return False

    def _produce(self) -> None:
        try:
            for item in self._source:
                if not self._put(item):
                    return
            self._put(_DONE)
        except BaseException as error:  # noqa: BLE001 - handed to the consumer
            self._put(_Raised(error))
        finally:
            close = getattr(self._source, "close", None)
            if close is not None:
                close()


class _Raised:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error
