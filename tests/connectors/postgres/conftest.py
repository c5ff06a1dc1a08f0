"""Fixtures for the PostgreSQL connector tests: a config, a source and a destination per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import psycopg
import pytest

from sluice.connectors.builtin.postgres import PostgresConfig
from sluice.connectors.builtin.postgres.destination import PostgresDestination
from sluice.connectors.builtin.postgres.source import PostgresSource


def config_for(dsn: str, **overrides: Any) -> PostgresConfig:
    """A connector config pointing at ``dsn``."""
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
    raw.update(overrides)
    return PostgresConfig.model_validate(raw)


@pytest.fixture
def pg_config(pg_database: str) -> PostgresConfig:
    return config_for(pg_database)


@pytest.fixture
def db(pg_database: str) -> Iterator[psycopg.Connection[Any]]:
    """An autocommit connection to the test database, for setup and assertions."""
    with psycopg.connect(pg_database, autocommit=True) as conn:
        yield conn


@pytest.fixture
def source(pg_config: PostgresConfig) -> Iterator[PostgresSource]:
    with PostgresSource(pg_config) as src:
        yield src


@pytest.fixture
def destination(pg_config: PostgresConfig) -> Iterator[PostgresDestination]:
    with PostgresDestination(pg_config) as dst:
        yield dst


def text_diff(conn: psycopg.Connection[Any], left: str, right: str) -> int:
    """Rows of ``left`` missing from ``right`` and vice versa, compared as row text."""
    query = (
        f"SELECT (SELECT count(*) FROM (SELECT a::text FROM {left} a EXCEPT ALL "
        f"SELECT b::text FROM {right} b) x) + (SELECT count(*) FROM (SELECT b::text FROM {right} b "
        f"EXCEPT ALL SELECT a::text FROM {left} a) y)"
    )
    row = conn.execute(query).fetchone()
    assert row is not None
    return int(row[0])
