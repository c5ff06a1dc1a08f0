"""``file``: local CSV / JSON Lines / Parquet files as a source, Parquet / CSV as a destination.

Only pyarrow is needed. See :mod:`.source` for how files are read and :mod:`.destination` for
the on-disk layout of written tables.
"""

from sluice.connectors.builtin.file.config import FileConfig
from sluice.connectors.sdk import Connector

connector = Connector(
    name="file",
    title="Files",
    spec=FileConfig,
    source="sluice.connectors.builtin.file.source:FileSource",
    destination="sluice.connectors.builtin.file.destination:FileDestination",
    description="Read CSV, JSON Lines or Parquet files; write Parquet or CSV tables.",
    icon="file",
)

__all__ = ["FileConfig", "connector"]
