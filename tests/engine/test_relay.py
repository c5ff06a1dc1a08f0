"""The binary COPY relay is used only when both sides declare and support it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import ClassVar

import pyarrow as pa
import pytest

from sluice.connectors.builtin.dummy import DummyConfig
from sluice.connectors.builtin.dummy.destination import DummyDestination, DummyWriter
from sluice.connectors.builtin.dummy.source import DummySource
from sluice.connectors.sdk import Capability, ConfiguredStream, StreamWriter, SyncMode, WriteTarget
from sluice.engine import NO_RETRY, CancelFlag, MemoryStateStore, StreamStatus, build_plan, run_sync

from .conftest import RecordingReporter

BINARY = Capability.POSTGRES_BINARY_COPY


class CopySource(DummySource):
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.INCREMENTAL, BINARY})

    def copy_out_binary(self, configured: ConfiguredStream) -> Iterator[bytes]:
        yield b"PGCOPY-header"
        yield b"rows"


class CopyWriter(DummyWriter):
    accept = True
    relayed: ClassVar[list[tuple[bytes, tuple[str, ...]]]] = []

    def can_copy_binary(self, schema: pa.Schema) -> bool:
        return self.accept

    def copy_in_binary(self, chunks: Iterable[bytes], columns: Sequence[str]) -> int:
        CopyWriter.relayed.append((b"".join(chunks), tuple(columns)))
        return 42


class CopyDestination(DummyDestination):
    capabilities: ClassVar[frozenset[Capability]] = frozenset({Capability.MERGE, BINARY})

    def open(self, target: WriteTarget) -> StreamWriter:
        return CopyWriter(self.config, target)


def _run(source_cls, destination_cls, mode=SyncMode.FULL_REFRESH):
    CopyWriter.relayed.clear()
    cfg = DummyConfig(rows=5)
    spec = source_cls(cfg).discover().get("items")
    stream = ConfiguredStream(spec, sync_mode=mode, cursor_field="id")
    plan = build_plan([stream], namespace="main", retry=NO_RETRY)
    return run_sync(
        lambda: source_cls(cfg),
        lambda: destination_cls(cfg),
        plan,
        state_store=MemoryStateStore(),
        reporter=RecordingReporter(),
        cancel=CancelFlag(),
    ).get("items")


@pytest.mark.parametrize("mode", [SyncMode.FULL_REFRESH, SyncMode.APPEND])
def test_relay_moves_bytes_and_counts_the_returned_rows(mode):
    result = _run(CopySource, CopyDestination, mode)
    assert result.status is StreamStatus.SUCCESS
    assert result.binary_copy
    assert (result.records_extracted, result.records_loaded) == (42, 42)
    assert CopyWriter.relayed == [(b"PGCOPY-headerrows", ("id", "updated_at", "col_1"))]


def test_no_relay_for_incremental_or_without_both_capabilities(monkeypatch):
    assert not _run(CopySource, CopyDestination, SyncMode.INCREMENTAL).binary_copy
    assert not _run(DummySource, CopyDestination).binary_copy
    monkeypatch.setattr(CopyWriter, "accept", False)
    result = _run(CopySource, CopyDestination)
    assert not result.binary_copy
    assert result.records_loaded == 5
    assert CopyWriter.relayed == []
