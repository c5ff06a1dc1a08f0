"""``dummy``: a fault-injecting source and destination for engine tests (no I/O at all)."""

from sluice.connectors.builtin.dummy.config import DummyConfig
from sluice.connectors.sdk import Connector

connector = Connector(
    name="dummy",
    title="Dummy",
    spec=DummyConfig,
    source="sluice.connectors.builtin.dummy.source:DummySource",
    destination="sluice.connectors.builtin.dummy.destination:DummyDestination",
    description="Deterministic test data and an in-memory destination, with injectable faults.",
    icon="flask",
)

__all__ = ["DummyConfig", "connector"]
