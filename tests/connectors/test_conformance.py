"""Every registered connector runs the SDK conformance kit (sluice.connectors.sdk.testing).

A connector registered under ``sluice.connectors`` without an entry in ``CONFIGS`` fails here:
new connectors cannot skip the kit.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel

from sluice.connectors.registry import ENTRY_POINT_GROUP, get_connector, list_connectors
from sluice.connectors.sdk import Connector
from sluice.connectors.sdk.testing import DestinationConformance, RowCount, SourceConformance

Factory = Callable[[pytest.FixtureRequest], dict[str, Any]]


@dataclass(frozen=True)
class ConformanceConfig:
    """Raw configs for one connector; each factory may use fixtures through ``request``."""

    source: Factory | None
    destination: Factory | None
    bad: Factory
    row_count: Callable[[pytest.FixtureRequest, BaseModel], RowCount] | None = None


# -- file ------------------------------------------------------------------------------------


def _file_source(request: pytest.FixtureRequest) -> dict[str, Any]:
    root: Path = request.getfixturevalue("tmp_path") / "input"
    root.mkdir(exist_ok=True)
    (root / "orders_1.csv").write_text("id,customer,amount\n1,ann,9.5\n2,bob,3.25\n")
    (root / "orders_2.csv").write_text("id,customer,amount\n3,cy,1.0\n")
    pq.write_table(pa.table({"id": [1, 2], "note": ["a", "b"]}), root / "notes.parquet")
    return {"path": str(root / "orders_*.csv")}


def _file_destination(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"directory": str(request.getfixturevalue("tmp_path") / "output")}


def _file_bad(request: pytest.FixtureRequest) -> dict[str, Any]:
    blocker = request.getfixturevalue("tmp_path") / "not-a-directory"
    blocker.write_text("x")
    return {"path": str(blocker.parent / "missing_*.csv"), "directory": str(blocker)}


def _file_rows(request: pytest.FixtureRequest, config: BaseModel) -> RowCount:
    from sluice.connectors.builtin.file.destination import read_table

    directory = Path(config.directory)  # type: ignore[attr-defined]

    def count(namespace: str, name: str) -> int | None:
        try:
            return read_table(directory, namespace, name).num_rows
        except FileNotFoundError:
            return None

    return count


# -- dummy -----------------------------------------------------------------------------------


def _dummy_store(request: pytest.FixtureRequest) -> str:
    return f"conformance-{request.node.name}-{uuid.uuid4().hex[:6]}"


def _dummy_rows(request: pytest.FixtureRequest, config: BaseModel) -> RowCount:
    from sluice.connectors.builtin.dummy import store

    def count(namespace: str, name: str) -> int | None:
        table = store.get_table(config.store, namespace, name)  # type: ignore[attr-defined]
        return None if table is None else table.num_rows

    return count


# -- postgres --------------------------------------------------------------------------------


def _pg_raw(dsn: str) -> dict[str, Any]:
    parts = urlsplit(dsn)
    raw: dict[str, Any] = {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "database": parts.path.lstrip("/"),
        "username": parts.username or "postgres",
        "sslmode": "disable",
    }
    if parts.password:
        raw["password"] = parts.password
    return raw


def _pg_source(request: pytest.FixtureRequest) -> dict[str, Any]:
    dsn: str = request.getfixturevalue("pg_database")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(
            "CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL, "
            "balance numeric(12,2), updated_at timestamptz NOT NULL)"
        )
        conn.execute(
            "INSERT INTO public.customers SELECT i, 'customer ' || i, i * 1.5, "
            "timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour' "
            "FROM generate_series(1, 25) AS i"
        )
    return {**_pg_raw(dsn), "schemas": ["public"]}


def _pg_destination(request: pytest.FixtureRequest) -> dict[str, Any]:
    return _pg_raw(request.getfixturevalue("pg_database"))


def _pg_bad(request: pytest.FixtureRequest) -> dict[str, Any]:
    return {"host": "127.0.0.1", "port": 1, "database": "nope", "username": "nobody"}


def _pg_rows(request: pytest.FixtureRequest, config: BaseModel) -> RowCount:
    dsn: str = request.getfixturevalue("pg_database")

    def count(namespace: str, name: str) -> int | None:
        with psycopg.connect(dsn, autocommit=True) as conn:
            found = conn.execute(
                "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = %s AND c.relname = %s",
                (namespace, name),
            ).fetchone()
            if found is None or found[0] is None:
                return None
            row = conn.execute(f'SELECT count(*) FROM "{namespace}"."{name}"').fetchone()
            return int(row[0]) if row else None

    return count


CONFIGS: dict[str, ConformanceConfig] = {
    "file": ConformanceConfig(_file_source, _file_destination, _file_bad, _file_rows),
    "dummy": ConformanceConfig(
        lambda request: {"streams": ["items", "events"], "rows": 35, "batch_size": 10},
        lambda request: {"store": _dummy_store(request)},
        lambda request: {"check_fails": True},
        _dummy_rows,
    ),
    "postgres": ConformanceConfig(_pg_source, _pg_destination, _pg_bad, _pg_rows),
}


def _registered() -> list[str]:
    try:
        return [c.name for c in list_connectors()]
    except Exception:  # noqa: BLE001 - a broken entry point must still show up as a failure
        return sorted({ep.name for ep in entry_points(group=ENTRY_POINT_GROUP)})


REGISTERED = _registered()


def test_every_registered_connector_has_a_conformance_config() -> None:
    missing = sorted(set(REGISTERED) - set(CONFIGS))
    assert not missing, f"add conformance configs for {missing} in {__name__}.CONFIGS"
    assert {c.name for c in list_connectors()} == set(REGISTERED)


@pytest.fixture(params=REGISTERED)
def connector(request: pytest.FixtureRequest) -> Connector:
    name: str = request.param
    if name not in CONFIGS:
        pytest.fail(f"connector {name!r} is registered but has no conformance config")
    return get_connector(name)


def _parse(connector: Connector, factory: Factory | None, request: pytest.FixtureRequest) -> Any:
    if factory is None:
        pytest.skip(f"{connector.name}: no config for this role")
    return connector.parse_config(factory(request))


@pytest.fixture
def source_config(connector: Connector, request: pytest.FixtureRequest) -> BaseModel:
    return _parse(connector, CONFIGS[connector.name].source, request)  # type: ignore[no-any-return]


@pytest.fixture
def destination_config(connector: Connector, request: pytest.FixtureRequest) -> BaseModel:
    return _parse(connector, CONFIGS[connector.name].destination, request)  # type: ignore[no-any-return]


@pytest.fixture
def bad_config(connector: Connector, request: pytest.FixtureRequest) -> BaseModel:
    return _parse(connector, CONFIGS[connector.name].bad, request)  # type: ignore[no-any-return]


@pytest.fixture
def row_count(
    connector: Connector, destination_config: BaseModel, request: pytest.FixtureRequest
) -> RowCount | None:
    counter = CONFIGS[connector.name].row_count
    return counter(request, destination_config) if counter is not None else None


@pytest.fixture
def destination_namespace() -> str:
    return "sluice_conformance"


class TestSources(SourceConformance):
    """The source kit over every registered source."""


class TestDestinations(DestinationConformance):
    """The destination kit over every registered destination."""
