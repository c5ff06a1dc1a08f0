"""``conformance_test_class``: a ready pytest class for one connector."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

from sluice.connectors.sdk.connector import Connector
from sluice.connectors.sdk.testing.destination import DestinationConformance
from sluice.connectors.sdk.testing.samples import (
    ConfigFactory,
    RowCount,
)
from sluice.connectors.sdk.testing.source import SourceConformance


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
