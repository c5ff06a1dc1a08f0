"""Connector, connection and catalog schemas."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field


class ConnectorPublic(BaseModel):
    """A registered connector and its config JSON Schema (secrets are writeOnly passwords)."""

    name: str
    title: str
    kind: str = Field(description="source, destination or both")
    description: str
    icon: str
    config_schema: dict[str, Any]
    secret_fields: list[str]


class ConnectorsPublic(BaseModel):
    """Every registered connector."""

    data: list[ConnectorPublic]
    count: int


class ConnectionCreate(BaseModel):
    """A new connection."""

    name: str = Field(min_length=1, max_length=200)
    connector_type: str = Field(min_length=1, description="A connector name, e.g. 'postgres'.")
    is_source: bool
    config: dict[str, Any] = Field(default_factory=dict)


class ConnectionUpdate(BaseModel):
    """Fields to change; config fields not given (and empty or masked secrets) are kept."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    config: dict[str, Any] | None = None


class ConnectionPublic(BaseModel):
    """A connection; ``config`` has its secrets masked, and is ``null`` while locked."""

    id: int
    name: str
    connector_type: str
    is_source: bool
    config: dict[str, Any] | None
    created_at: dt.datetime
    updated_at: dt.datetime
    last_test_ok: bool | None
    last_test_message: str | None
    last_tested_at: dt.datetime | None


class ConnectionsPublic(BaseModel):
    """A list of connections."""

    data: list[ConnectionPublic]
    count: int


class ConnectionTestResult(BaseModel):
    """The outcome of a connection test."""

    ok: bool
    message: str
    tested_at: dt.datetime


class CatalogPublic(BaseModel):
    """A connection's discovered catalog and when it was taken."""

    connection_id: int
    discovered_at: dt.datetime
    age_seconds: float
    streams: list[dict[str, Any]]
