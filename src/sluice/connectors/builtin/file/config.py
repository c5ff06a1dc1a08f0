"""Configuration of the ``file`` connector (one model for source and destination)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FileFormat = Literal["auto", "csv", "jsonl", "parquet"]


class FileConfig(BaseModel):
    """Local CSV / JSON Lines / Parquet files.

    As a source, set ``path`` (a file or a glob such as ``/data/orders_*.csv``); as a
    destination, set ``directory``. ``format="auto"`` picks the format from the file extension
    when reading and writes Parquet.
    """

    model_config = ConfigDict(extra="forbid", title="Files")

    path: str | None = Field(
        default=None, description="source: a file path or glob, e.g. /data/*.csv"
    )
    directory: str | None = Field(default=None, description="destination: root directory")
    format: FileFormat = Field(
        default="auto", description="csv, jsonl or parquet; auto = from the extension"
    )
    stream_name: str | None = Field(
        default=None, description="source stream name (default: the file stem of the pattern)"
    )
    delimiter: str = Field(default=",", min_length=1, max_length=1)
    header: bool = Field(default=True, description="CSV files start with a header row")
    batch_rows: int = Field(default=65_536, ge=1, description="rows per batch (Parquet)")
    block_bytes: int = Field(
        default=1 << 20, ge=1024, description="bytes per batch (CSV, JSON Lines)"
    )
