"""The shape of a pipeline's ``source_config`` and ``destination_config`` (validated JSON)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sluice.connectors.sdk import SyncMode, WriteMode


class StreamSelection(BaseModel):
    """One stream picked from the source's catalog."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Stream name from discovery, e.g. 'public.orders'.")
    columns: list[str] | None = Field(
        default=None, description="Columns to copy; all when omitted."
    )
    sync_mode: SyncMode | None = Field(
        default=None, description="full_refresh, append or incremental; default: the pipeline's."
    )
    cursor_field: str | None = Field(default=None, description="Cursor column for incremental.")
    primary_key: list[str] | None = Field(
        default=None, description="Key columns for merge; default: the source's primary key."
    )


class QueryStream(BaseModel):
    """A custom SQL query read as a stream (sources that support it)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, description="Stream (and destination table) name.")
    sql: str = Field(min_length=1, description="A SELECT statement.")
    sync_mode: SyncMode | None = None
    cursor_field: str | None = None
    primary_key: list[str] | None = None


class SourceConfig(BaseModel):
    """What to read."""

    model_config = ConfigDict(extra="forbid")

    streams: list[StreamSelection] = Field(default_factory=list)
    queries: list[QueryStream] = Field(default_factory=list)


class DestinationConfig(BaseModel):
    """Where and how to write: table ``<table_prefix><table>`` in ``schema``."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    schema_: str = Field(default="public", alias="schema", min_length=1)
    table_prefix: str = ""
    write_mode: WriteMode | None = Field(
        default=None,
        description="For incremental streams: append (default) or merge. Full refresh always "
        "overwrites; append always appends.",
    )


DriftPolicyName = Literal["evolve", "freeze"]
