"""The public, versioned contract for connector authors (depends on pyarrow and pydantic only)."""

from sluice.connectors.sdk.connector import Connector
from sluice.connectors.sdk.destination import Destination, StreamWriter
from sluice.connectors.sdk.errors import (
    ConfigError,
    ConnectorError,
    SchemaDriftError,
    TerminalError,
    TransientError,
)
from sluice.connectors.sdk.relay import BinaryCopySource, BinaryCopyWriter
from sluice.connectors.sdk.source import Source
from sluice.connectors.sdk.types import (
    NATIVE_TYPE_KEY,
    Batch,
    Capability,
    Catalog,
    Checkpoint,
    CheckResult,
    ConfiguredStream,
    ConnectorKind,
    ForeignKey,
    StreamSpec,
    SyncMode,
    WriteMode,
    WriteTarget,
)

__all__ = [
    "NATIVE_TYPE_KEY",
    "Batch",
    "BinaryCopySource",
    "BinaryCopyWriter",
    "Capability",
    "Catalog",
    "CheckResult",
    "Checkpoint",
    "ConfigError",
    "ConfiguredStream",
    "Connector",
    "ConnectorError",
    "ConnectorKind",
    "Destination",
    "ForeignKey",
    "SchemaDriftError",
    "Source",
    "StreamSpec",
    "StreamWriter",
    "SyncMode",
    "TerminalError",
    "TransientError",
    "WriteMode",
    "WriteTarget",
]
