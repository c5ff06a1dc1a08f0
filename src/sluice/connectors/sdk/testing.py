"""Conformance test kit: the promises every connector keeps, as reusable pytest classes.

Subclass :class:`SourceConformance` and/or :class:`DestinationConformance` in a test module and
provide the fixtures they name, or let :func:`conformance_test_class` build the class::

    from sluice.connectors.registry import get_connector
    from sluice.connectors.sdk.testing import conformance_test_class

    TestMyConnector = conformance_test_class(
        get_connector("mine"),
        source_config=lambda request: {"url": "..."},
        destination_config=lambda request: {"url": "..."},
        bad_config=lambda request: {"url": "http://127.0.0.1:1"},
    )

Fixtures the classes use (all function-scoped):

- ``connector``: the :class:`~sluice.connectors.sdk.Connector` under test;
- ``source_config`` / ``destination_config``: a working, validated config (a pydantic model);
- ``bad_config``: a config that validates but cannot work (unreachable host, missing file...);
- ``row_count`` (destinations): ``(namespace, name) -> int | None`` counting the committed rows
  of a target (``None`` if it does not exist), or ``None`` if the test cannot count rows;
- ``destination_namespace``: the namespace destination tests write into.

Tests skip themselves when the connector is not a source (or destination). pytest is imported
only when tests run, so importing this module costs nothing.
"""

# ruff: noqa: S101 - a test kit asserts

from __future__ import annotations

import itertools
import json
import types
import typing
import uuid
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import pyarrow as pa
from pydantic import BaseModel, SecretBytes, SecretStr

from sluice.connectors.sdk.connector import Connector
from sluice.connectors.sdk.errors import ConnectorError
from sluice.connectors.sdk.types import (
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfiguredStream,
    SyncMode,
    WriteMode,
    WriteTarget,
)

RowCount = Callable[[str, str], int | None]
ConfigFactory = Callable[[Any], dict[str, Any]]

SAMPLE_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("name", pa.string()),
        pa.field("amount", pa.float64()),
        pa.field("created_at", pa.timestamp("us", tz="UTC")),
    ]
)
"""The schema destination tests write (types every destination should map)."""


def sample_batch(ids: range, schema: pa.Schema = SAMPLE_SCHEMA) -> pa.RecordBatch:
    """Deterministic rows for ``ids`` with ``schema``'s columns (extra columns get text)."""
    n = len(ids)
    columns: dict[str, pa.Array] = {
        "id": pa.array(list(ids), pa.int64()),
        "name": pa.array([f"name {i}" for i in ids], pa.string()),
        "amount": pa.array([i * 1.5 for i in ids], pa.float64()),
        "created_at": pa.array([1_700_000_000_000_000 + i for i in ids], pa.int64()).cast(
            pa.timestamp("us", tz="UTC")
        ),
    }
    arrays = [
        columns[f.name] if f.name in columns else pa.array([f"x{i}" for i in ids]).cast(f.type)
        for f in schema
    ]
    assert all(len(a) == n for a in arrays)
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _skip(reason: str) -> None:
    import pytest

    pytest.skip(reason)


def _types(schema: pa.Schema) -> list[tuple[str, pa.DataType]]:
    return [(f.name, f.type) for f in schema]


def _is_secret(annotation: Any) -> bool:
    if annotation in (SecretStr, SecretBytes):
        return True
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        return any(_is_secret(a) for a in typing.get_args(annotation))
    return False


class SpecConformance:
    """Promises of a connector's descriptor and config spec."""

    def test_spec_is_a_pydantic_model(self, connector: Connector) -> None:
        """The spec is a pydantic model whose JSON Schema is an object with properties."""
        assert isinstance(connector.spec, type)
        assert issubclass(connector.spec, BaseModel)
        schema = connector.config_schema()
        assert schema.get("type") == "object"
        assert isinstance(schema.get("properties"), dict)
        assert connector.source or connector.destination

    def test_secrets_are_write_only(self, connector: Connector) -> None:
        """Every ``SecretStr`` field is flagged ``writeOnly`` at the top of its JSON Schema."""
        secrets = [n for n, f in connector.spec.model_fields.items() if _is_secret(f.annotation)]
        flagged = connector.secret_fields()
        for name in secrets:
            assert name in flagged, (
                f"secret field {name!r} is not writeOnly in the JSON Schema; declare it as "
                "a plain SecretStr with a default (not Optional) so the API never returns it"
            )


class SourceConformance(SpecConformance):
    """Promises of ``Source``: check never raises, discover and read keep the catalog's word."""

    max_streams: ClassVar[int] = 3
    max_batches: ClassVar[int] = 20

    def _source_class(self, connector: Connector) -> None:
        if not connector.source:
            _skip(f"{connector.name} is not a source")

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
                expected = _types(configured.selected_schema)
                for batch in self._read(connector, source_config, configured):
                    assert isinstance(batch, Batch)
                    assert isinstance(batch.records, pa.RecordBatch)
                    assert _types(batch.records.schema) == expected, stream.name
                    if batch.checkpoint is not None:
                        json.dumps(batch.checkpoint.to_json())

    def test_incremental_read_resumes(self, connector: Connector, source_config: BaseModel) -> None:
        """Incremental reads give JSON checkpoints; a resumed read only returns newer rows."""
        self._source_class(connector)
        if Capability.INCREMENTAL not in connector.source_class().capabilities:
            _skip(f"{connector.name} does not read incrementally")
        streams = self._catalog(connector, source_config).streams
        stream = next((s for s in streams if s.cursor_candidates), None)
        if stream is None:
            _skip("no stream offers a cursor")
            return
        cursor = stream.cursor_candidates[0]
        configured = ConfiguredStream(stream, sync_mode=SyncMode.INCREMENTAL, cursor_field=cursor)
        first = self._read(connector, source_config, configured)
        checkpoints = [b.checkpoint for b in first if b.checkpoint is not None]
        values = [v for b in first for v in b.records.column(cursor).to_pylist() if v is not None]
        if not values:
            _skip("the conformance stream is empty")
        assert checkpoints, "an incremental read that returned rows gave no checkpoint"
        for checkpoint in checkpoints:
            assert json.loads(json.dumps(checkpoint.to_json())) == checkpoint.to_json()
        again = self._read(connector, source_config, configured, checkpoints[-1])
        newer = [v for b in again for v in b.records.column(cursor).to_pylist()]
        assert all(v is not None and v >= max(values) for v in newer), "resumed read went back"


class DestinationConformance(SpecConformance):
    """Promises of ``Destination``: nothing is visible before commit, abort leaves nothing."""

    def _destination_class(self, connector: Connector) -> None:
        if not connector.destination:
            _skip(f"{connector.name} is not a destination")

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


def conformance_test_class(
    connector: Connector,
    *,
    source_config: ConfigFactory | None = None,
    destination_config: ConfigFactory | None = None,
    bad_config: ConfigFactory | None = None,
    row_count: Callable[[Any, BaseModel], RowCount] | None = None,
    namespace: str = "sluice_conformance",
) -> type:
    """A pytest class running every applicable conformance test over ``connector``.

    Config factories receive pytest's ``request`` (use ``request.getfixturevalue`` for
    ``tmp_path`` or a database fixture) and return raw config dicts, validated by the spec.
    """
    import pytest

    bases: list[type] = []
    if connector.source:
        bases.append(SourceConformance)
    if connector.destination:
        bases.append(DestinationConformance)

    def make(factory: ConfigFactory | None, what: str) -> Callable[..., BaseModel]:
        def fixture(self: object, request: Any) -> BaseModel:
            if factory is None:
                pytest.fail(f"no {what} factory given for connector {connector.name!r}")
            return connector.parse_config(factory(request))

        return fixture

    def row_count_fixture(self: object, request: Any, destination_config: BaseModel) -> Any:
        return row_count(request, destination_config) if row_count is not None else None

    namespace_ = {
        "connector": pytest.fixture(lambda self: connector, name="connector"),
        "source_config": pytest.fixture(make(source_config, "source_config"), name="source_config"),
        "destination_config": pytest.fixture(
            make(destination_config, "destination_config"), name="destination_config"
        ),
        "bad_config": pytest.fixture(make(bad_config, "bad_config"), name="bad_config"),
        "row_count": pytest.fixture(row_count_fixture, name="row_count"),
        "destination_namespace": pytest.fixture(
            lambda self: namespace, name="destination_namespace"
        ),
    }
    return type(f"Test{connector.name.title()}Conformance", tuple(bases), namespace_)
