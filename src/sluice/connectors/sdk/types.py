"""Value types shared by sources, destinations and the engine.

Everything here is immutable and carries Arrow schemas, never JSON-Schema dicts: Arrow types are
the lingua franca between connectors.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

NATIVE_TYPE_KEY = b"sluice.native_type"
"""Arrow field-metadata key holding the source's own type name (``numeric(12,2)``, ``jsonb``)."""


class ConnectorKind(enum.StrEnum):
    """What a connector can be used as."""

    SOURCE = "source"
    DESTINATION = "destination"
    BOTH = "both"


class SyncMode(enum.StrEnum):
    """How a stream is read (see DESIGN.md, Sync semantics)."""

    FULL_REFRESH = "full_refresh"
    APPEND = "append"
    INCREMENTAL = "incremental"


class WriteMode(enum.StrEnum):
    """How a destination applies a stream's batches."""

    OVERWRITE = "overwrite"
    APPEND = "append"
    MERGE = "merge"


class Capability(enum.StrEnum):
    """Optional abilities a connector declares as data (never probed with isinstance)."""

    INCREMENTAL = "incremental"
    QUERY_STREAMS = "query_streams"
    MERGE = "merge"
    RELATIONSHIPS = "relationships"
    POSTGRES_BINARY_COPY = "postgres_binary_copy"


@dataclass(frozen=True)
class CheckResult:
    """The outcome of a connection test, readable by a person."""

    ok: bool
    message: str


@dataclass(frozen=True)
class ForeignKey:
    """A relationship: ``columns`` of this stream refer to ``referred_columns`` of another."""

    columns: tuple[str, ...]
    referred_stream: str
    referred_columns: tuple[str, ...]


@dataclass(frozen=True)
class StreamSpec:
    """One stream of a catalog: a table, a view, a file set or a custom query.

    ``schema`` is the Arrow schema the source promises to yield; field nullability is the source's
    nullability and field metadata may carry the native type under :data:`NATIVE_TYPE_KEY`.
    """

    name: str
    schema: pa.Schema
    primary_key: tuple[str, ...] = ()
    cursor_candidates: tuple[str, ...] = ()
    row_estimate: int | None = None
    kind: str = "table"
    foreign_keys: tuple[ForeignKey, ...] = ()
    description: str | None = None

    def native_type(self, column: str) -> str | None:
        """The source's own type name of ``column``, if the source recorded one."""
        meta = self.schema.field(column).metadata or {}
        raw = meta.get(NATIVE_TYPE_KEY)
        return raw.decode() if raw is not None else None


@dataclass(frozen=True)
class Catalog:
    """Every stream a source offers, in a stable order."""

    streams: tuple[StreamSpec, ...]

    def get(self, name: str) -> StreamSpec:
        """Return the stream called ``name``; raise ``KeyError`` naming it when there is none."""
        for stream in self.streams:
            if stream.name == name:
                return stream
        raise KeyError(name)

    @property
    def names(self) -> list[str]:
        """Stream names in catalog order."""
        return [s.name for s in self.streams]


@dataclass(frozen=True)
class Checkpoint:
    """Where a read has got to: a small JSON-serialisable mapping owned by the source.

    The engine stores it only after the destination committed every batch up to it, and hands it
    back to ``Source.read`` on the next run. Sources must treat it as opaque to everyone else.
    """

    data: Mapping[str, Any]

    def to_json(self) -> dict[str, Any]:
        """A plain ``dict`` copy for storage."""
        return dict(self.data)


@dataclass(frozen=True)
class ConfiguredStream:
    """A stream as a pipeline selected it: which columns, which sync mode, which cursor."""

    stream: StreamSpec
    sync_mode: SyncMode = SyncMode.FULL_REFRESH
    columns: tuple[str, ...] | None = None
    cursor_field: str | None = None
    primary_key: tuple[str, ...] = ()

    @property
    def selected_schema(self) -> pa.Schema:
        """The Arrow schema of the selected columns, in source order."""
        if self.columns is None:
            return self.stream.schema
        wanted = set(self.columns)
        return pa.schema([f for f in self.stream.schema if f.name in wanted])


@dataclass(frozen=True)
class Batch:
    """A record batch and the checkpoint reached once it (and all before it) is committed."""

    records: pa.RecordBatch
    checkpoint: Checkpoint | None = None


@dataclass(frozen=True)
class WriteTarget:
    """Where and how a destination writes one stream.

    ``namespace`` is the schema / folder, ``name`` the table / file stem. ``schema`` is the Arrow
    schema of incoming batches; ``primary_key`` is required for ``WriteMode.MERGE``.
    """

    namespace: str
    name: str
    schema: pa.Schema
    write_mode: WriteMode
    primary_key: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=dict)


def describe_fields(schema: pa.Schema) -> Sequence[dict[str, Any]]:
    """Column descriptions of ``schema`` for people and JSON: name, Arrow type, nullability."""
    out: list[dict[str, Any]] = []
    for f in schema:
        meta = f.metadata or {}
        native = meta.get(NATIVE_TYPE_KEY)
        out.append(
            {
                "name": f.name,
                "type": str(f.type),
                "native_type": native.decode() if native is not None else None,
                "nullable": f.nullable,
            }
        )
    return out
