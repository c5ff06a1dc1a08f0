"""Optional same-engine fast path: relay PostgreSQL binary ``COPY`` bytes without decoding.

A source and a destination that both declare ``Capability.POSTGRES_BINARY_COPY`` let the engine
skip Arrow entirely for ``full_refresh`` and ``append`` streams whose columns are not transformed.
The engine checks ``writer.can_copy_binary(schema)`` first and falls back to Arrow batches when it
answers ``False``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Protocol, runtime_checkable

import pyarrow as pa

from sluice.connectors.sdk.types import ConfiguredStream


@runtime_checkable
class BinaryCopySource(Protocol):
    """A source able to stream ``COPY … TO STDOUT (FORMAT binary)`` bytes for a stream."""

    def copy_out_binary(self, configured: ConfiguredStream) -> Iterator[bytes]:
        """Yield the stream's selected columns as PostgreSQL binary COPY data, header included."""
        ...


@runtime_checkable
class BinaryCopyWriter(Protocol):
    """A stream writer able to take PostgreSQL binary COPY bytes as they come."""

    def can_copy_binary(self, schema: pa.Schema) -> bool:
        """Whether bytes produced for ``schema`` load into the target without conversion."""
        ...

    def copy_in_binary(self, chunks: Iterable[bytes], columns: Sequence[str]) -> int:
        """Load all ``chunks`` into ``columns`` of the target; return the rows loaded.

        Same commit/abort rules as ``write``: nothing is visible until ``commit``.
        """
        ...
