"""Jobs on real Celery worker processes: data moves, a killed worker is detected, and live
events reach WebSocket clients through Redis."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from typing import Any

import psycopg
from fastapi.testclient import TestClient

from tests.api.test_connections import pg_config
from tests.distributed.conftest import Deployment, wait_for

ROWS = 3000


def _seed(dsn: str) -> None:
    with psycopg.connect(dsn, autocommit=True) as db:
        db.execute("CREATE TABLE events (id bigint PRIMARY KEY, kind text, at timestamptz)")
        db.execute(
            f"INSERT INTO events SELECT g, 'k' || (g % 7), now() FROM generate_series(1, {ROWS}) g"
        )


def _conn(api: TestClient, name: str, connector: str, is_source: bool, config: dict) -> int:
    resp = api.post(
        "/api/connections",
        json={"name": name, "connector_type": connector, "is_source": is_source, "config": config},
    )
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def _pipeline(
    api: TestClient, name: str, src: int, dst: int, source_config: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    resp = api.post(
        "/api/pipelines",
        json={
            "name": name,
            "source_connection_id": src,
            "destination_connection_id": dst,
            "source_config": source_config,
            **extra,
        },
    )
    assert resp.status_code == 201, resp.text
    return dict(resp.json())


def _job(api: TestClient, job_id: int) -> dict[str, Any]:
    return dict(api.get(f"/api/jobs/{job_id}").json())


def _finished(api: TestClient, job_id: int) -> Callable[[], bool]:
    return lambda: _job(api, job_id)["status"] in ("success", "failed", "cancelled")


def test_worker_process_runs_a_pipeline_triggered_through_the_api(
    deployment: Deployment, api: TestClient, pg_database_factory: Callable[[], str]
) -> None:
    source, dest = pg_database_factory(), pg_database_factory()
    _seed(source)
    deployment.start("worker", "--concurrency", "2")
    src = _conn(api, "src", "postgres", True, pg_config(source))
    dst = _conn(api, "dst", "postgres", False, pg_config(dest))
    discovered = api.post(f"/api/connections/{src}/discover?wait=60")  # runs on the worker
    assert discovered.status_code == 200, discovered.text + deployment.logs()
    assert "public.events" in [s["name"] for s in discovered.json()["streams"]]
    tested = api.post(f"/api/connections/{dst}/test?wait=60")
    assert tested.status_code == 200
    assert tested.json()["ok"] is True

    pipeline = _pipeline(api, "events", src, dst, {"streams": [{"name": "public.events"}]})
    job_id = api.post(f"/api/pipelines/{pipeline['id']}/run").json()["id"]
    wait_for(_finished(api, job_id), 60, "the job to finish", deployment)
    job = _job(api, job_id)
    assert job["status"] == "success", (job, deployment.logs())
    assert ":" in (job["worker"] or "")
    assert job["records_loaded"] == ROWS
    with psycopg.connect(dest) as db:
        assert db.execute("SELECT count(*) FROM public.events").fetchone() == (ROWS,)


def test_websocket_follows_a_job_run_by_a_worker_process(
    deployment: Deployment, api: TestClient
) -> None:
    deployment.start("worker")
    src = _conn(api, "dummy-src", "dummy", True, {"rows": 400, "batch_size": 20, "slow_ms": 25})
    dst = _conn(api, "dummy-dst", "dummy", False, {})
    pipeline = _pipeline(api, "live", src, dst, {"streams": [{"name": "items"}]})
    seen: list[dict[str, Any]] = []
    with api.websocket_connect("/api/ws") as ws:
        assert ws.receive_json()["type"] == "hello"
        job_id = api.post(f"/api/pipelines/{pipeline['id']}/run").json()["id"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            event = ws.receive_json()
            if event.get("job_id") != job_id:
                continue
            seen.append(event)
            if event["type"] == "job" and event["status"] in ("success", "failed", "cancelled"):
                break
    statuses = [e["status"] for e in seen if e["type"] == "job"]
    assert statuses == ["pending", "running", "success"], (seen, deployment.logs())
    progress = [e for e in seen if e["type"] == "progress"]
    assert progress, seen
    assert progress[-1]["records_extracted"] <= 400
    assert any(e["type"] == "log" for e in seen)
    final = next(e for e in seen if e.get("status") == "success")
    assert final["records_loaded"] == 400


def test_websocket_refuses_anonymous_clients(api: TestClient) -> None:
    api.cookies.clear()
    import pytest
    from starlette.websockets import WebSocketDisconnect

    with pytest.raises(WebSocketDisconnect) as info, api.websocket_connect("/api/ws") as ws:
        ws.receive_json()
    assert info.value.code == 4401


def test_killed_worker_is_detected_and_the_rerun_loses_nothing(
    deployment: Deployment, api: TestClient, pg_database_factory: Callable[[], str]
) -> None:
    dest = pg_database_factory()
    worker = deployment.start("worker")
    deployment.start("scheduler")  # reaps lost jobs
    src = _conn(api, "slow-src", "dummy", True, {"rows": 3000, "batch_size": 100, "slow_ms": 60})
    dst = _conn(api, "pg-dst", "postgres", False, pg_config(dest))
    pipeline = _pipeline(
        api,
        "killable",
        src,
        dst,
        {"streams": [{"name": "items", "sync_mode": "incremental", "cursor_field": "updated_at"}]},
        destination_config={"write_mode": "merge"},
        retry_max_attempts=1,
    )
    job_id = api.post(f"/api/pipelines/{pipeline['id']}/run").json()["id"]
    wait_for(
        lambda: _job(api, job_id)["records_extracted"] > 0,
        60,
        "the job to make progress",
        deployment,
    )
    killed_at = time.monotonic()
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    wait_for(_finished(api, job_id), 30, "the lost job to be failed", deployment)
    detected_after = time.monotonic() - killed_at
    job = _job(api, job_id)
    assert job["status"] == "failed"
    assert job["error"].startswith("worker lost"), job
    assert detected_after < 4 + 5  # the bound (worker_lost_seconds) plus scheduler ticks

    deployment.start("worker")
    rerun = api.post(f"/api/pipelines/{pipeline['id']}/run")
    assert rerun.status_code == 202, rerun.text
    wait_for(_finished(api, rerun.json()["id"]), 90, "the rerun to finish", deployment)
    assert _job(api, rerun.json()["id"])["status"] == "success", deployment.logs()
    with psycopg.connect(dest) as db:
        count, distinct, low, high = db.execute(
            "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM public.items"
        ).fetchone()
    assert (count, distinct, low, high) == (3000, 3000, 1, 3000)


def test_a_locked_worker_fails_the_job_with_a_message_that_says_how_to_unlock(
    deployment: Deployment, api: TestClient
) -> None:
    deployment.start("worker", SLUICE_MASTER_PASSWORD_FILE="")  # started without the password
    src = _conn(api, "s", "dummy", True, {"rows": 5})
    dst = _conn(api, "d", "dummy", False, {})
    pipeline = _pipeline(
        api, "locked", src, dst, {"streams": [{"name": "items"}]}, retry_max_attempts=1
    )
    job_id = api.post(f"/api/pipelines/{pipeline['id']}/run").json()["id"]
    wait_for(_finished(api, job_id), 60, "the job to finish", deployment)
    job = _job(api, job_id)
    assert job["status"] == "failed"
    assert job["error"].startswith("this worker is locked")
    assert "SLUICE_MASTER_PASSWORD_FILE" in job["error"]
    assert "locked" in deployment.logs()  # the worker warned at start


def test_cancel_reaches_a_job_running_in_another_process(
    deployment: Deployment, api: TestClient
) -> None:
    deployment.start("worker")
    src = _conn(api, "slow", "dummy", True, {"rows": 100_000, "batch_size": 50, "slow_ms": 20})
    dst = _conn(api, "d", "dummy", False, {})
    pipeline = _pipeline(api, "cancel-me", src, dst, {"streams": [{"name": "items"}]})
    job_id = api.post(f"/api/pipelines/{pipeline['id']}/run").json()["id"]
    wait_for(
        lambda: _job(api, job_id)["records_extracted"] > 0,
        60,
        "the job to make progress",
        deployment,
    )
    assert api.post(f"/api/jobs/{job_id}/cancel").status_code == 202
    wait_for(_finished(api, job_id), 30, "the job to stop", deployment)
    job = _job(api, job_id)
    assert job["status"] == "cancelled", job
    assert job["records_loaded"] == 0
    assert job["records_extracted"] < 100_000
