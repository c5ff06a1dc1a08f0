"""Conformance of ``Source``: check never raises, discover and read keep their word."""

# ruff: noqa: S101 - a test kit asserts

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import ClassVar

import pyarrow as pa
from pydantic import BaseModel

from sluice.connectors.sdk.connector import Connector
from sluice.connectors.sdk.testing.samples import (
    field_types,
    skip_not_applicable,
)
from sluice.connectors.sdk.testing.spec import SpecConformance
from sluice.connectors.sdk.types import (
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfiguredStream,
    SyncMode,
)


class SourceConformance(SpecConformance):
    """Promises of ``Source``: check never raises, discover and read keep the catalog's word."""

    max_streams: ClassVar[int] = 3
    max_batches: ClassVar[int] = 20

    def _source_class(self, connector: Connector) -> None:
        if not connector.source:
            skip_not_applicable(f"{connector.name} is not a source")

    def _catalog(self, connector: Connector, config: BaseModel) -> Catalog:
        with connector.create_source(config) as source:
            return source.discover()

    def _read(
        self,
        connector: Connector,
        config: BaseModel,
        configured: ConfiguredStream,
        checkpoint: Checkpoint | None = None,
    ) -> list[Batch]:
        with connector.create_source(config) as source:
            batches: Iterator[Batch] = source.read(configured, checkpoint)
            try:
                return list(itertools.islice(batches, self.max_batches))
            finally:
                close = getattr(batches, "close", None)
                if close is not None:
                    close()

    def test_source_check_succeeds(self, connector: Connector, source_config: BaseModel) -> None:
        """A working config checks ``ok``."""
        self._source_class(connector)
        with connector.create_source(source_config) as source:
            result = source.check()
        assert isinstance(result, CheckResult)
        assert result.ok, result.message

    def test_source_check_never_raises(self, connector: Connector, bad_config: BaseModel) -> None:
        """A config that cannot work checks not ``ok`` with a message, and does not raise."""
        self._source_class(connector)
        with connector.create_source(bad_config) as source:
            result = source.check()
        assert isinstance(result, CheckResult)
        assert not result.ok
        assert result.message.strip()

    def test_discover(self, connector: Connector, source_config: BaseModel) -> None:
        """Streams have unique names, Arrow schemas, and keys/cursors that are real columns."""
        self._source_class(connector)
        catalog = self._catalog(connector, source_config)
        assert isinstance(catalog, Catalog)
        assert catalog.streams, "the conformance config should expose at least one stream"
        assert len(set(catalog.names)) == len(catalog.names), "stream names are not unique"
        for stream in catalog.streams:
            assert isinstance(stream.schema, pa.Schema)
            assert len(stream.schema) > 0, f"stream {stream.name!r} has no columns"
            for column in (*stream.primary_key, *stream.cursor_candidates):
                assert column in stream.schema.names, f"{stream.name}: no column {column!r}"

    def test_read_matches_the_selected_schema(
        self, connector: Connector, source_config: BaseModel
    ) -> None:
        """Full reads yield RecordBatches with exactly the selected columns and types."""
        self._source_class(connector)
        for stream in self._catalog(connector, source_config).streams[: self.max_streams]:
            for columns in (None, (stream.schema.names[0],)):
                configured = ConfiguredStream(stream, columns=columns)
                expected = field_types(configured.selected_schema)
                for batch in self._read(connector, source_config, configured):
                    assert isinstance(batch, Batch)
                    assert isinstance(batch.records, pa.RecordBatch)
                    assert field_types(batch.records.schema) == expected, stream.name
                    if batch.checkpoint is not None:
                        json.dumps(batch.checkpoint.to_json())

    def test_incremental_read_resumes(self, connector: Connector, source_config: BaseModel) -> None:
        """Incremental reads give JSON checkpoints; a resumed read only returns newer rows."""
        self._source_class(connector)
        if Capability.INCREMENTAL not in connector.source_class().capabilities:
            skip_not_applicable(f"{connector.name} does not read incrementally")
        streams = self._catalog(connector, source_config).streams
        stream = next((s for s in streams if s.cursor_candidates), None)
        if stream is None:
            skip_not_applicable("no stream offers a cursor")
            return
        cursor = stream.cursor_candidates[0]
        configured = ConfiguredStream(stream, sync_mode=SyncMode.INCREMENTAL, cursor_field=cursor)
        first = self._read(connector, source_config, configured)
        checkpoints = [b.checkpoint for b in first if b.checkpoint is not None]
        values = [v for b in first for v in b.records.column(cursor).to_pylist() if v is not None]
        if not values:
            skip_not_applicable("the conformance stream is empty")
        assert checkpoints, "an incremental read that returned rows gave no checkpoint"
        for checkpoint in checkpoints:
            assert json.loads(json.dumps(checkpoint.to_json())) == checkpoint.to_json()
        again = self._read(connector, source_config, configured, checkpoints[-1])
        newer = [v for b in again for v in b.records.column(cursor).to_pylist()]
        assert all(v is not None and v >= max(values) for v in newer), "resumed read went back"
