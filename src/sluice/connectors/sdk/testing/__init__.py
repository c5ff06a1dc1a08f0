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

from sluice.connectors.sdk.testing.destination import DestinationConformance
from sluice.connectors.sdk.testing.factory import conformance_test_class
from sluice.connectors.sdk.testing.samples import (
    SAMPLE_SCHEMA,
    ConfigFactory,
    RowCount,
    sample_batch,
)
from sluice.connectors.sdk.testing.source import SourceConformance
from sluice.connectors.sdk.testing.spec import SpecConformance

__all__ = [
    "SAMPLE_SCHEMA",
    "ConfigFactory",
    "DestinationConformance",
    "RowCount",
    "SourceConformance",
    "SpecConformance",
    "conformance_test_class",
    "sample_batch",
]
