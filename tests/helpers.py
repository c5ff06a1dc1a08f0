"""Small helpers shared by test modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fastapi.testclient import TestClient

from sluice.api.app import create_app
from sluice.core.runtime import Runtime
from sluice.db.migrate import upgrade
from sluice.settings import SluiceSettings

MASTER = "correct horse battery staple"
ADMIN = "admin"
ADMIN_PASSWORD = "admin-password-1"


def make_settings(data_dir: Path, database_url: str | None, **extra: object) -> SluiceSettings:
    """Settings for a test: PBKDF2 at its floor to keep the suite quick."""
    return SluiceSettings(
        data_dir=data_dir, database_url=database_url, pbkdf2_iterations=100_000, **extra
    )


@contextmanager
def running_app(settings: SluiceSettings) -> Iterator[tuple[TestClient, Runtime]]:
    """A migrated runtime and a TestClient over ``create_app``."""
    runtime = Runtime.create(settings)
    upgrade(runtime.engine)
    app = create_app(settings, runtime=runtime)
    try:
        with TestClient(app) as client:
            yield client, runtime
    finally:
        runtime.close()


def do_setup(client: TestClient) -> None:
    """First-run setup with the standard test credentials (leaves the client logged in)."""
    resp = client.post(
        "/api/system/setup",
        json={
            "master_password": MASTER,
            "admin_username": ADMIN,
            "admin_password": ADMIN_PASSWORD,
        },
    )
    assert resp.status_code == 201, resp.text


def new_token(client: TestClient, name: str = "t") -> str:
    """Create an API token with the client's current login and return its secret."""
    resp = client.post("/api/auth/tokens", json={"name": name})
    assert resp.status_code == 201, resp.text
    return str(resp.json()["token"])
