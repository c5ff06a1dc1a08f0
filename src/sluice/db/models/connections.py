"""Connections to sources and destinations, and their cached discovery results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from sluice.db.base import Base, UTCDateTime, utcnow


class Connection(Base):
    """A configured connector. ``config_encrypted`` is Fernet ciphertext under the DEK."""

    __tablename__ = "connections"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    connector_type: Mapped[str] = mapped_column(String(100), index=True)
    is_source: Mapped[bool] = mapped_column(Boolean)
    config_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    last_test_ok: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    last_test_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_tested_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MetadataCache(Base):
    """The latest discovered catalog of a connection (tables, columns, relationships)."""

    __tablename__ = "metadata_cache"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    connection_id: Mapped[int] = mapped_column(
        ForeignKey("connections.id", ondelete="CASCADE"), unique=True
    )
    catalog: Mapped[dict[str, Any]] = mapped_column(JSON)
    discovered_at: Mapped[dt.datetime] = mapped_column(UTCDateTime(), default=utcnow)
