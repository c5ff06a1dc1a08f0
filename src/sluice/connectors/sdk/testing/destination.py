"""Conformance of ``Destination`` and its stream writers: commit, abort, modes."""

# ruff: noqa: S101 - a test kit asserts

from __future__ import annotations

import uuid

import pyarrow as pa
from pydantic import BaseModel

from sluice.connectors.sdk.connector import Connector
from sluice.connectors.sdk.errors import ConnectorError
from sluice.connectors.sdk.testing.samples import (
    SAMPLE_SCHEMA,
    RowCount,
    sample_batch,
    skip_not_applicable,
)
from sluice.connectors.sdk.testing.spec import SpecConformance
from sluice.connectors.sdk.types import (
    Capability,
    CheckResult,
    WriteMode,
    WriteTarget,
)


class DestinationConformance(SpecConformance):
    """Promises of ``Destination``: nothing is visible before commit, abort leaves nothing."""

    def _destination_class(self, connector: Connector) -> None:
        if not connector.destination:
            skip_not_applicable(f"{connector.name} is not a destination")

    def _load(
        self,
        connector: Connector,
        config: BaseModel,
        target: WriteTarget,
        *batches: pa.RecordBatch,
        commit: bool = True,
    ) -> None:
        with connector.create_destination(config) as destination:
            writer = destination.open(target)
            try:
                for batch in batches:
                    writer.write(batch)
                if commit:
                    writer.commit()
                else:
                    writer.abort()
            finally:
                writer.close()

    def _target(
        self,
        namespace: str,
        mode: WriteMode,
        schema: pa.Schema = SAMPLE_SCHEMA,
        name: str | None = None,
    ) -> WriteTarget:
        name = name or f"conformance_{uuid.uuid4().hex[:10]}"
        return WriteTarget(namespace, name, schema, mode, primary_key=("id",))

    def test_destination_check_succeeds(
        self, connector: Connector, destination_config: BaseModel
    ) -> None:
        """A working config checks ``ok``."""
        self._destination_class(connector)
        with connector.create_destination(destination_config) as destination:
            result = destination.check()
        assert isinstance(result, CheckResult)
        assert result.ok, result.message

    def test_destination_check_never_raises(
        self, connector: Connector, bad_config: BaseModel
    ) -> None:
        """A config that cannot work checks not ``ok`` with a message, and does not raise."""
        self._destination_class(connector)
        with connector.create_destination(bad_config) as destination:
            result = destination.check()
        assert isinstance(result, CheckResult)
        assert not result.ok
        assert result.message.strip()

    def test_commit_makes_rows_visible(
        self,
        connector: Connector,
        destination_config: BaseModel,
        destination_namespace: str,
        row_count: RowCount | None,
    ) -> None:
        """After commit the target exists with the written columns (and rows)."""
        self._destination_class(connector)
        target = self._target(destination_namespace, WriteMode.OVERWRITE)
        self._load(
            connector,
            destination_config,
            target,
            sample_batch(range(3)),
            sample_batch(range(3, 5)),
        )
        with connector.create_destination(destination_config) as destination:
            schema = destination.existing_schema(target.namespace, target.name)
        assert schema is not None, "a committed target has no schema"
        assert set(SAMPLE_SCHEMA.names) <= set(schema.names)
        if row_count is not None:
            assert row_count(target.namespace, target.name) == 5

    def test_abort_leaves_nothing(
        self,
        connector: Connector,
        destination_config: BaseModel,
        destination_namespace: str,
        row_count: RowCount | None,
    ) -> None:
        """An aborted overwrite leaves no rows in a new target and the old rows in an old one."""
        self._destination_class(connector)
        target = self._target(destination_namespace, WriteMode.OVERWRITE)
        self._load(connector, destination_config, target, sample_batch(range(4)), commit=False)
        if row_count is not None:
            assert row_count(target.namespace, target.name) in (None, 0)
        self._load(connector, destination_config, target, sample_batch(range(2)))
        self._load(connector, destination_config, target, sample_batch(range(9)), commit=False)
        if row_count is not None:
            assert row_count(target.namespace, target.name) == 2

    def test_overwrite_then_append(
        self,
        connector: Connector,
        destination_config: BaseModel,
        destination_namespace: str,
        row_count: RowCount | None,
    ) -> None:
        """Overwrite replaces the rows, append adds to them."""
        self._destination_class(connector)
        first = self._target(destination_namespace, WriteMode.OVERWRITE)
        self._load(connector, destination_config, first, sample_batch(range(5)))
        self._load(connector, destination_config, first, sample_batch(range(3)))
        append = WriteTarget(first.namespace, first.name, SAMPLE_SCHEMA, WriteMode.APPEND)
        self._load(connector, destination_config, append, sample_batch(range(10, 12)))
        if row_count is not None:
            assert row_count(first.namespace, first.name) == 5

    def test_new_columns_are_added(
        self, connector: Connector, destination_config: BaseModel, destination_namespace: str
    ) -> None:
        """Opening a target with an extra column adds it (schema evolution)."""
        self._destination_class(connector)
        target = self._target(destination_namespace, WriteMode.APPEND)
        self._load(connector, destination_config, target, sample_batch(range(2)))
        wider = SAMPLE_SCHEMA.append(pa.field("extra", pa.string()))
        evolved = WriteTarget(target.namespace, target.name, wider, WriteMode.APPEND)
        self._load(connector, destination_config, evolved, sample_batch(range(2, 4), wider))
        with connector.create_destination(destination_config) as destination:
            schema = destination.existing_schema(target.namespace, target.name)
        assert schema is not None
        assert "extra" in schema.names

    def test_merge_upserts_or_is_refused(
        self,
        connector: Connector,
        destination_config: BaseModel,
        destination_namespace: str,
        row_count: RowCount | None,
    ) -> None:
        """With ``Capability.MERGE`` rows are upserted by key; without it ``open`` refuses."""
        self._destination_class(connector)
        target = self._target(destination_namespace, WriteMode.MERGE)
        if Capability.MERGE not in connector.destination_class().capabilities:
            import pytest

            with pytest.raises(ConnectorError):
                self._load(connector, destination_config, target, sample_batch(range(2)))
            return
        self._load(connector, destination_config, target, sample_batch(range(3)))
        self._load(connector, destination_config, target, sample_batch(range(2, 5)))
        if row_count is not None:
            assert row_count(target.namespace, target.name) == 5
