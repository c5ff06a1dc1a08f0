"""The ``Source`` contract every source connector implements."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from types import TracebackType
from typing import ClassVar, Generic, Self, TypeVar

from pydantic import BaseModel

from sluice.connectors.sdk.errors import ConfigError
from sluice.connectors.sdk.types import (
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfiguredStream,
    StreamSpec,
)

ConfigT = TypeVar("ConfigT", bound=BaseModel)


class Source(abc.ABC, Generic[ConfigT]):
    """Reads streams out of a system as Arrow record batches.

    A source receives an already validated, decrypted config and knows nothing of Sluice's
    metadata DB, HTTP or Celery. It is used from one thread at a time; the engine opens one
    instance per stream it reads in parallel. ``close`` releases connections and is idempotent.
    """

    spec: ClassVar[type[BaseModel]]
    capabilities: ClassVar[frozenset[Capability]] = frozenset()

    def __init__(self, config: ConfigT) -> None:
        self.config = config

    @abc.abstractmethod
    def check(self) -> CheckResult:
        """Try to reach the system with this config; never raise for an unreachable system.

        Returns ``ok=False`` with a message a person can act on (wrong password, host not
        found...).
        """

    @abc.abstractmethod
    def discover(self) -> Catalog:
        """List every readable stream with its Arrow schema, keys, cursor candidates and size.

        May be slow on large systems; the caller caches the result.
        """

    @abc.abstractmethod
    def read(self, configured: ConfiguredStream, checkpoint: Checkpoint | None) -> Iterator[Batch]:
        """Yield the stream's rows as record batches matching ``configured.selected_schema``.

        Guarantees:
        - Memory stays bounded whatever the stream size (stream from the server, never load it
          all).
        - For ``SyncMode.INCREMENTAL`` only rows whose ``cursor_field`` is greater than the
          checkpoint's cursor are read (rows equal to it may be re-read; merge dedupes them), in
          ascending cursor order, so each batch's checkpoint covers every row yielded so far.
        - A batch's ``checkpoint`` is where a next run may resume once that batch and all earlier
          ones are committed. Batches may carry ``None`` when nothing new is reached.
        - Raise :class:`~sluice.connectors.sdk.errors.TransientError` for failures worth retrying,
          :class:`~sluice.connectors.sdk.errors.TerminalError` for the rest.
        """

    def query_stream(self, name: str, query: str) -> StreamSpec:
        """Describe a custom query as a stream (sources with ``Capability.QUERY_STREAMS``)."""
        raise ConfigError(f"{type(self).__name__} does not support custom query streams")

    def close(self) -> None:
        """Release connections and files. Safe to call twice."""

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
