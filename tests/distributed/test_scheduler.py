"""Scheduling: on time, at most one catch-up, exactly once with two schedulers, retries."""

from __future__ import annotations

import datetime as dt
import threading
import time

from fastapi.testclient import TestClient
from sqlalchemy import select, update

from sluice.core.runtime import Runtime
from sluice.core.scheduler import tick
from sluice.db.models import Job, Pipeline
from tests.distributed.conftest import Deployment, wait_for

T0 = dt.datetime(2030, 1, 1, 12, 0, 30, tzinfo=dt.UTC)


def _pipeline(api: TestClient, cron: str | None = "* * * * *", **extra: object) -> int:
    src = api.post(
        "/api/connections",
        json={"name": "s", "connector_type": "dummy", "is_source": True, "config": {"rows": 5}},
    ).json()["id"]
    dst = api.post(
        "/api/connections",
        json={"name": "d", "connector_type": "dummy", "is_source": False, "config": {}},
    ).json()["id"]
    resp = api.post(
        "/api/pipelines",
        json={
            "name": "every-minute",
            "source_connection_id": src,
            "destination_connection_id": dst,
            "source_config": {"streams": [{"name": "items"}]},
            "schedule_cron": cron,
            **extra,
        },
    )
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def _set_next_run(runtime: Runtime, pipeline_id: int, when: dt.datetime) -> None:
    with runtime.unit_of_work() as session:
        session.execute(update(Pipeline).where(Pipeline.id == pipeline_id).values(next_run_at=when))


def _jobs(runtime: Runtime, pipeline_id: int) -> list[Job]:
    with runtime.sessions() as session:
        return list(session.scalars(select(Job).where(Job.pipeline_id == pipeline_id)))


def test_fires_on_time_once_and_moves_next_run(deployment: Deployment, api: TestClient) -> None:
    runtime = Runtime.create(deployment.settings)
    pid = _pipeline(api)
    _set_next_run(runtime, pid, T0.replace(second=0) + dt.timedelta(minutes=1))  # 12:01:00
    submitted: list[int] = []
    assert tick(runtime, submitted.append, now=T0).fired == []  # 12:00:30: not yet due
    fired = tick(runtime, submitted.append, now=T0 + dt.timedelta(seconds=31)).fired  # 12:01:01
    assert len(fired) == 1
    assert submitted == fired
    with runtime.sessions() as session:
        pipeline = session.get(Pipeline, pid)
        assert pipeline is not None
        assert pipeline.next_run_at == dt.datetime(2030, 1, 1, 12, 2, tzinfo=dt.UTC)
    assert [j.trigger for j in _jobs(runtime, pid)] == ["schedule"]
    runtime.close()


def test_after_downtime_at_most_one_catch_up_run(deployment: Deployment, api: TestClient) -> None:
    runtime = Runtime.create(deployment.settings)
    pid = _pipeline(api)
    _set_next_run(runtime, pid, T0 - dt.timedelta(hours=3))  # 180 missed minutes
    assert len(tick(runtime, lambda _: None, now=T0).fired) == 1
    assert tick(runtime, lambda _: None, now=T0 + dt.timedelta(seconds=1)).fired == []
    assert len(_jobs(runtime, pid)) == 1
    runtime.close()


def test_two_schedulers_at_the_same_instant_fire_once(
    deployment: Deployment, api: TestClient
) -> None:
    pid = _pipeline(api)
    runtimes = [Runtime.create(deployment.settings) for _ in range(2)]
    _set_next_run(runtimes[0], pid, T0)
    barrier = threading.Barrier(2)
    fired: list[list[int]] = []

    def run(rt: Runtime) -> None:
        barrier.wait()
        fired.append(tick(rt, lambda _: None, now=T0 + dt.timedelta(seconds=1)).fired)

    threads = [threading.Thread(target=run, args=(rt,)) for rt in runtimes]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(len(f) for f in fired) == [0, 1]
    assert len(_jobs(runtimes[0], pid)) == 1
    for rt in runtimes:
        rt.close()


def test_two_real_scheduler_processes_fire_a_due_pipeline_exactly_once(
    deployment: Deployment, api: TestClient
) -> None:
    runtime = Runtime.create(deployment.settings)
    # A yearly cron: its next fire time is far away, so any second job would be a double fire
    # (an every-minute cron made this test fire again legitimately when a minute ticked over).
    pid = _pipeline(api, cron="0 0 1 1 *")
    deployment.start("worker")
    deployment.start("scheduler")
    deployment.start("scheduler")
    _set_next_run(runtime, pid, dt.datetime.now(dt.UTC))
    wait_for(
        lambda: [j.status for j in _jobs(runtime, pid)] == ["success"],
        60,
        "the scheduled job to succeed",
        deployment,
    )
    time.sleep(3)  # several more ticks of both schedulers
    jobs = _jobs(runtime, pid)
    assert [(j.trigger, j.status) for j in jobs] == [("schedule", "success")]
    pipeline = api.get(f"/api/pipelines/{pid}").json()
    assert dt.datetime.fromisoformat(pipeline["next_run_at"]) > dt.datetime.now(dt.UTC)
    runtime.close()


def test_failed_job_is_retried_with_backoff(deployment: Deployment, api: TestClient) -> None:
    runtime = Runtime.create(deployment.settings)
    src = api.post(
        "/api/connections",
        json={
            "name": "flaky",
            "connector_type": "dummy",
            "is_source": True,
            "config": {"rows": 5, "fail_after_rows": 0, "fail_kind": "terminal"},
        },
    ).json()["id"]
    dst = api.post(
        "/api/connections",
        json={"name": "d", "connector_type": "dummy", "is_source": False, "config": {}},
    ).json()["id"]
    pid = api.post(
        "/api/pipelines",
        json={
            "name": "retrying",
            "source_connection_id": src,
            "destination_connection_id": dst,
            "source_config": {"streams": [{"name": "items"}]},
            "retry_max_attempts": 2,
            "retry_backoff_seconds": 60,
        },
    ).json()["id"]
    with runtime.unit_of_work() as session:
        job = Job(kind="sync", pipeline_id=pid, status="failed", attempt=1, finished_at=T0)
        session.add(job)
    submitted: list[int] = []
    assert tick(runtime, submitted.append, now=T0 + dt.timedelta(seconds=59)).retried == []
    retried = tick(runtime, submitted.append, now=T0 + dt.timedelta(seconds=61)).retried
    assert len(retried) == 1
    with runtime.sessions() as session:
        retry = session.get(Job, retried[0])
        assert retry is not None
        assert (retry.attempt, retry.trigger) == (2, "retry")
        retry.status, retry.finished_at = "failed", T0 + dt.timedelta(seconds=62)
        session.commit()
    # attempts are used up: no third run
    assert tick(runtime, submitted.append, now=T0 + dt.timedelta(hours=1)).retried == []
    runtime.close()


def test_next_run_at_is_in_the_pipeline_response(api: TestClient) -> None:
    pid = _pipeline(api, cron="0 6 * * *", schedule_timezone="Europe/Paris")
    body = api.get(f"/api/pipelines/{pid}").json()
    at = dt.datetime.fromisoformat(body["next_run_at"])
    assert at.astimezone(dt.timezone(dt.timedelta(hours=1))).hour in (6, 7)  # CET/CEST
    bad = api.patch(f"/api/pipelines/{pid}", json={"schedule_timezone": "Mars/Olympus"})
    assert bad.status_code == 422


def test_pending_job_nobody_picked_up_is_resubmitted_once_per_interval(
    deployment: Deployment, api: TestClient
) -> None:
    runtime = Runtime.create(deployment.settings)
    pid = _pipeline(api, cron=None)
    with runtime.unit_of_work() as session:
        job = Job(kind="sync", pipeline_id=pid, status="pending", created_at=T0)
        session.add(job)
        session.flush()
        job_id = job.id
    submitted: list[int] = []
    lost_after = deployment.settings.worker_lost_seconds
    assert tick(runtime, submitted.append, now=T0 + dt.timedelta(seconds=1)).resubmitted == []
    later = T0 + dt.timedelta(seconds=lost_after + 1)
    assert tick(runtime, submitted.append, now=later).resubmitted == [job_id]
    assert tick(runtime, submitted.append, now=later + dt.timedelta(seconds=1)).resubmitted == []
    assert submitted == [job_id]
    runtime.close()
