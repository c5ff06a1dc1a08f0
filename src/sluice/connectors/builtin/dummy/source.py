"""The dummy source: deterministic rows, an ``updated_at`` cursor and injectable faults."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from typing import ClassVar

import pyarrow as pa
import pyarrow.compute as pc
from typing_extensions import override

from sluice.connectors.builtin.dummy import store
from sluice.connectors.builtin.dummy.config import DummyConfig
from sluice.connectors.sdk import (
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfigError,
    ConfiguredStream,
    Source,
    StreamSpec,
    SyncMode,
)

EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
"""``updated_at`` of row ``id`` is ``EPOCH + id seconds``."""

_TYPES = {
    "string": pa.string(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "float64": pa.float64(),
}


class DummySource(Source[DummyConfig]):
    """Yields ``config.rows`` rows per stream; incremental on ``id`` or ``updated_at``."""

    spec: ClassVar[type[DummyConfig]] = DummyConfig
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.INCREMENTAL})

    @override
    def check(self) -> CheckResult:
        if self.config.check_fails:
            return CheckResult(ok=False, message="the dummy source was told to fail its check")
        return CheckResult(ok=True, message=f"{len(self.config.streams)} dummy stream(s)")

    def schema(self) -> pa.Schema:
        """The schema of every stream."""
        fields = [
            pa.field("id", pa.int64(), nullable=False),
            pa.field("updated_at", pa.timestamp("us", tz="UTC"), nullable=False),
        ]
        kind = _TYPES[self.config.column_type]
        fields += [pa.field(f"col_{i}", kind) for i in range(1, self.config.columns + 1)]
        return pa.schema(fields)

    @override
    def discover(self) -> Catalog:
        return Catalog(
            tuple(
                StreamSpec(
                    name=name,
                    schema=self.schema(),
                    primary_key=("id",),
                    cursor_candidates=("updated_at", "id"),
                    row_estimate=self.config.rows,
                )
                for name in self.config.streams
            )
        )

    @override
    def read(self, configured: ConfiguredStream, checkpoint: Checkpoint | None) -> Iterator[Batch]:
        cfg = self.config
        name = configured.stream.name
        if name not in cfg.streams:
            raise ConfigError(f"the dummy source has no stream {name!r}", field="streams")
        cursor = configured.cursor_field if configured.sync_mode is SyncMode.INCREMENTAL else None
        if cursor is not None and cursor not in ("id", "updated_at"):
            raise ConfigError(f"the dummy source cannot use {cursor!r} as a cursor")
        first = cfg.start_id
        if cursor is not None and checkpoint is not None:
            last = int(checkpoint.data["id"])
            first = max(first, last if cfg.inclusive_cursor else last + 1)
        end = cfg.start_id + cfg.rows
        schema = configured.selected_schema
        yielded = 0
        for start in range(first, end, cfg.batch_size):
            stop = min(start + cfg.batch_size, end)
            if cfg.fail_after_rows is not None and yielded >= cfg.fail_after_rows:
                store.maybe_fail(
                    (cfg.store, name, "read"),
                    kind=cfg.fail_kind,
                    mode=cfg.fail_mode,
                    what=f"after {yielded} rows of {name!r}",
                )
            if cfg.slow_ms:
                time.sleep(cfg.slow_ms / 1000)
            records = self._rows(start, stop).select(schema.names)
            yielded += records.num_rows
            done = Checkpoint({"id": stop - 1, "cursor_field": cursor}) if cursor else None
            yield Batch(records, done)

    def _rows(self, start: int, stop: int) -> pa.RecordBatch:
        ids = pa.array(range(start, stop), pa.int64())
        micros = pc.multiply(ids, pa.scalar(1_000_000, pa.int64()))
        base = int(EPOCH.timestamp()) * 1_000_000
        updated = pc.add(micros, pa.scalar(base, pa.int64())).cast(pa.timestamp("us", tz="UTC"))
        arrays: list[pa.Array] = [ids, updated]
        kind = self.config.column_type
        for i in range(1, self.config.columns + 1):
            if kind == "string":
                arrays.append(pa.array([f"v{n}_{i}" for n in range(start, stop)], pa.string()))
            else:
                arrays.append(pc.multiply(ids, pa.scalar(i, pa.int64())).cast(_TYPES[kind]))
        return pa.RecordBatch.from_arrays(arrays, schema=self.schema())
