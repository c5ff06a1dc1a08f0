"""API fixtures: the app over both metadata databases (SQLite file and real PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sluice.core.runtime import Runtime
from tests.helpers import make_settings, running_app


@pytest.fixture(params=["sqlite", "postgres"])
def metadata_url(request: pytest.FixtureRequest, tmp_path: Path) -> str | None:
    """``None`` (embedded SQLite in tmp_path) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    dsn: str = request.getfixturevalue("pg_database")
    return dsn


@pytest.fixture
def app_client(tmp_path: Path, metadata_url: str | None) -> Iterator[tuple[TestClient, Runtime]]:
    """An un-setup Sluice app and its runtime."""
    with running_app(make_settings(tmp_path, metadata_url)) as pair:
        yield pair


@pytest.fixture
def client(app_client: tuple[TestClient, Runtime]) -> TestClient:
    """The HTTP client of ``app_client``."""
    return app_client[0]
