"""Fixtures for the distributed deployment: real Redis, PostgreSQL metadata DB, and real
``sluice worker`` / ``sluice scheduler`` processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sluice.core import system
from sluice.core.runtime import Runtime
from sluice.db.migrate import upgrade
from sluice.settings import SluiceSettings
from tests.helpers import ADMIN, ADMIN_PASSWORD, MASTER

SLUICE = str(Path(sys.executable).parent / "sluice")


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("SLUICE_TEST_REDIS_URL")
    if not url:
        pytest.fail("SLUICE_TEST_REDIS_URL is not set: run the suite with `make test`")
    return url


@dataclass
class Deployment:
    """One distributed installation: its env, settings, and the processes it started."""

    env: dict[str, str]
    settings: SluiceSettings
    log_dir: Path
    procs: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def start(self, command: str, *args: str, **env: str) -> subprocess.Popen[bytes]:
        """Start ``sluice <command>`` with this deployment's environment."""
        log = (self.log_dir / f"{command}-{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen(
            [SLUICE, command, *args],
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-4000:] for p in self.log_dir.glob("*.log"))

    def stop_all(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)


@pytest.fixture
def deployment(tmp_path: Path, pg_database: str, redis_url: str) -> Iterator[Deployment]:
    """A set-up installation on PostgreSQL + Redis with a unique Celery queue."""
    password_file = tmp_path / "master-password"
    password_file.write_text(MASTER)
    password_file.chmod(0o600)
    env = {
        **os.environ,
        "SLUICE_DATA_DIR": str(tmp_path / "data"),
        "SLUICE_DATABASE_URL": pg_database,
        "SLUICE_BROKER_URL": redis_url,
        "SLUICE_CELERY_QUEUE": f"test-{uuid.uuid4().hex[:10]}",
        "SLUICE_MASTER_PASSWORD_FILE": str(password_file),
        "SLUICE_HEARTBEAT_SECONDS": "0.5",
        "SLUICE_WORKER_LOST_SECONDS": "4",
        "SLUICE_SCHEDULER_INTERVAL_SECONDS": "0.5",
        "SLUICE_LOG_LEVEL": "INFO",
    }
    settings = SluiceSettings(
        data_dir=tmp_path / "data",
        database_url=pg_database,
        broker_url=redis_url,
        celery_queue=env["SLUICE_CELERY_QUEUE"],
        master_password_file=password_file,
        heartbeat_seconds=0.5,
        worker_lost_seconds=4,
        scheduler_interval_seconds=0.5,
        pbkdf2_iterations=100_000,
    )
    runtime = Runtime.create(settings)
    upgrade(runtime.engine)
    with runtime.unit_of_work() as session:
        system.setup(
            session,
            runtime.keyring,
            master_password=MASTER,
            admin_username=ADMIN,
            admin_password=ADMIN_PASSWORD,
        )
    runtime.close()
    logs = tmp_path / "logs"
    logs.mkdir()
    dep = Deployment(env=env, settings=settings, log_dir=logs)
    yield dep
    dep.stop_all()


@pytest.fixture
def api(deployment: Deployment) -> Iterator[TestClient]:
    """The API of ``deployment`` (Celery executor, Redis events), logged in as the admin."""
    from sluice.api.app import create_app

    with TestClient(create_app(deployment.settings)) as client:
        resp = client.post("/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD})
        assert resp.status_code == 200, resp.text
        yield client


def wait_for(predicate: Callable[[], object], timeout: float, what: str, dep: Deployment) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n--- process logs ---\n{dep.logs()}")
