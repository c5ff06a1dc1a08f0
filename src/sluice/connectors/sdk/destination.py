"""The ``Destination`` contract: open a writer per stream, write batches, commit or abort."""

from __future__ import annotations

import abc
from types import TracebackType
from typing import ClassVar, Generic, Self, TypeVar

import pyarrow as pa
from pydantic import BaseModel

from sluice.connectors.sdk.types import Capability, CheckResult, WriteTarget

ConfigT = TypeVar("ConfigT", bound=BaseModel)


class StreamWriter(abc.ABC):
    """Writes one stream into a destination as a unit of work.

    Nothing written becomes visible as committed until :meth:`commit` returns. The engine calls
    ``commit`` at checkpoints it wants to make durable (possibly several times for long streams
    in ``append``/``merge`` mode, once at the end for ``overwrite``), and ``abort`` on failure.
    """

    @abc.abstractmethod
    def write(self, batch: pa.RecordBatch) -> None:
        """Stage ``batch``. Its schema is the target schema (columns may be a subset)."""

    @abc.abstractmethod
    def commit(self) -> None:
        """Make every batch written so far durable.

        For ``overwrite`` the final commit swaps the new data in atomically; before that the old
        data stays untouched and readable. Once ``commit`` returns, a crash loses nothing written
        before it. After a commit the writer may accept more batches (``append``/``merge``).
        """

    @abc.abstractmethod
    def abort(self) -> None:
        """Discard everything written since the last commit. Never raises; safe to call twice."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release resources; an uncommitted writer is aborted first."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self.abort()
        self.close()


class Destination(abc.ABC, Generic[ConfigT]):
    """Loads Arrow record batches into a system, stream by stream."""

    spec: ClassVar[type[BaseModel]]
    capabilities: ClassVar[frozenset[Capability]] = frozenset()

    def __init__(self, config: ConfigT) -> None:
        self.config = config

    @abc.abstractmethod
    def check(self) -> CheckResult:
        """Try to reach the system and verify it can be written; never raise for a failure."""

    @abc.abstractmethod
    def existing_schema(self, namespace: str, name: str) -> pa.Schema | None:
        """The Arrow schema of the target as it exists now, or ``None`` if it does not exist."""

    @abc.abstractmethod
    def open(self, target: WriteTarget) -> StreamWriter:
        """Create (or evolve) the target and return a writer for it.

        Creates the namespace and table when missing and adds columns that ``target.schema`` has
        and the target lacks. ``WriteMode.MERGE`` requires ``target.primary_key``.
        """

    def close(self) -> None:
        """Release connections. Safe to call twice."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
