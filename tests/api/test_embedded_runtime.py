"""The embedded deployment: in-process scheduler loop, webhooks, live events, cancel."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update

from sluice.api.app import create_app
from sluice.core.runtime import Runtime
from sluice.db.migrate import upgrade
from sluice.db.models import Pipeline
from tests.helpers import do_setup, make_settings


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[tuple[TestClient, Runtime]]:
    settings = make_settings(tmp_path, None, scheduler_interval_seconds=0.2, heartbeat_seconds=0.2)
    runtime = Runtime.create(settings)
    upgrade(runtime.engine)
    with TestClient(create_app(settings, runtime=runtime, run_scheduler=True)) as client:
        do_setup(client)
        yield client, runtime
    runtime.close()


class _Receiver(BaseHTTPRequestHandler):
    received: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []
    handler = type("Handler", (_Receiver,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hooks/T000/B000/secret", received
    server.shutdown()


def _dummy_pipeline(client: TestClient, source: dict[str, Any], **extra: Any) -> int:
    src = client.post(
        "/api/connections",
        json={"name": "s", "connector_type": "dummy", "is_source": True, "config": source},
    ).json()["id"]
    dst = client.post(
        "/api/connections",
        json={"name": "d", "connector_type": "dummy", "is_source": False, "config": {}},
    ).json()["id"]
    resp = client.post(
        "/api/pipelines",
        json={
            "name": "p",
            "source_connection_id": src,
            "destination_connection_id": dst,
            "source_config": {"streams": [{"name": "items"}]},
            **extra,
        },
    )
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def _wait_status(client: TestClient, job_id: int, timeout: float = 30) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("success", "failed", "cancelled"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {job['status']}")


def test_webhook_is_called_on_failure(
    embedded: tuple[TestClient, Runtime], webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    client, _ = embedded
    url, received = webhook
    pid = _dummy_pipeline(
        client,
        {"rows": 50, "fail_after_rows": 10, "fail_kind": "terminal", "fail_mode": "always"},
        webhook_url=url,
        retry_max_attempts=1,
    )
    job = _wait_status(client, client.post(f"/api/pipelines/{pid}/run").json()["id"])
    assert job["status"] == "failed"
    assert len(received) == 1
    message = received[0]
    assert "failed" in message["text"]
    assert f"/jobs/{job['id']}" in message["text"]
    assert message["job"]["status"] == "failed"
    assert message["job"]["error"] == job["error"]


def test_webhook_on_success_only_when_asked(
    embedded: tuple[TestClient, Runtime], webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    client, _ = embedded
    url, received = webhook
    pid = _dummy_pipeline(client, {"rows": 20}, webhook_url=url)
    assert (
        _wait_status(client, client.post(f"/api/pipelines/{pid}/run").json()["id"])["status"]
        == "success"
    )
    assert received == []
    client.patch(f"/api/pipelines/{pid}", json={"notify_on_success": True})
    assert (
        _wait_status(client, client.post(f"/api/pipelines/{pid}/run").json()["id"])["status"]
        == "success"
    )
    assert len(received) == 1
    assert "succeeded" in received[0]["text"]
    assert "20 rows" in received[0]["text"]


def test_embedded_scheduler_fires_a_due_pipeline(embedded: tuple[TestClient, Runtime]) -> None:
    client, runtime = embedded
    pid = _dummy_pipeline(client, {"rows": 5}, schedule_cron="*/5 * * * *")
    with runtime.unit_of_work() as session:
        session.execute(
            update(Pipeline)
            .where(Pipeline.id == pid)
            .values(next_run_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1))
        )
    deadline = time.monotonic() + 20
    jobs: list[dict[str, Any]] = []
    while time.monotonic() < deadline and not jobs:
        jobs = client.get(f"/api/jobs?pipeline_id={pid}").json()["data"]
        time.sleep(0.1)
    assert len(jobs) == 1
    assert jobs[0]["trigger"] == "schedule"
    assert _wait_status(client, jobs[0]["id"])["status"] == "success"


def test_cancel_a_running_job_and_live_events_in_process(
    embedded: tuple[TestClient, Runtime],
) -> None:
    client, _ = embedded
    pid = _dummy_pipeline(client, {"rows": 10_000, "batch_size": 10, "slow_ms": 20})
    with client.websocket_connect("/api/ws") as ws:
        assert ws.receive_json()["type"] == "hello"
        job_id = client.post(f"/api/pipelines/{pid}/run").json()["id"]
        ws.send_json({"job_id": job_id})
        seen: list[dict[str, Any]] = []
        while not any(e["type"] == "progress" for e in seen):
            seen.append(ws.receive_json())
        assert client.post(f"/api/jobs/{job_id}/cancel").status_code == 202
        while not (seen[-1]["type"] == "job" and seen[-1]["status"] == "cancelled"):
            seen.append(ws.receive_json())
    assert all(e["job_id"] == job_id for e in seen)
    job = _wait_status(client, job_id)
    assert job["status"] == "cancelled"
    assert job["records_loaded"] == 0  # the overwrite was aborted, nothing half-written
    assert client.post(f"/api/pipelines/{pid}/run").status_code == 202  # can run again


def test_webhook_can_be_removed_and_state_history_pages(
    embedded: tuple[TestClient, Runtime], webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    client, _ = embedded
    url, _ = webhook
    pid = _dummy_pipeline(
        client,
        {"rows": 30, "batch_size": 10},
        webhook_url=url,
        source_config={
            "streams": [{"name": "items", "sync_mode": "incremental", "cursor_field": "updated_at"}]
        },
    )
    removed = client.patch(f"/api/pipelines/{pid}", json={"webhook_url": ""})
    assert removed.status_code == 200, removed.text
    assert removed.json()["webhook_url"] is None
    for _ in range(3):
        job = _wait_status(client, client.post(f"/api/pipelines/{pid}/run").json()["id"])
        assert job["status"] == "success"
        client.post(f"/api/pipelines/{pid}/state/reset")
    first = client.get(f"/api/pipelines/{pid}/state/history?limit=2").json()["streams"]
    assert len(first) == 2
    older = client.get(
        f"/api/pipelines/{pid}/state/history?limit=2&before_id={first[-1]['state_id']}"
    ).json()["streams"]
    assert older
    assert all(row["state_id"] < first[-1]["state_id"] for row in older)
    bad = client.patch(f"/api/pipelines/{pid}", json={"retry_max_attempts": 0})
    assert bad.status_code == 422
