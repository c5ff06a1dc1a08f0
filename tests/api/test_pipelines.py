"""Pipelines over HTTP, moving real data PostgreSQL → PostgreSQL and PostgreSQL → Parquet."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import psycopg
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

from tests.api.test_connections import pg_config
from tests.helpers import do_setup


@pytest.fixture
def source_db(pg_database: str) -> str:
    with psycopg.connect(pg_database, autocommit=True) as db:
        db.execute(
            "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2),"
            " updated_at timestamptz NOT NULL)"
        )
        db.execute(
            "INSERT INTO items SELECT g, 'item ' || g, g * 1.5,"
            " timestamptz '2024-01-01 00:00+00' + g * interval '1 minute'"
            " FROM generate_series(1, 500) g"
        )
    return pg_database


@pytest.fixture
def dest_db(pg_dsn: str) -> Any:
    import uuid

    name = f"d_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(pg_dsn, autocommit=True) as db:
        db.execute(f'CREATE DATABASE "{name}"')
    from urllib.parse import urlsplit, urlunsplit

    yield urlunsplit(urlsplit(pg_dsn)._replace(path=f"/{name}"))
    with psycopg.connect(pg_dsn, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _conn(client: TestClient, name: str, connector: str, is_source: bool, config: dict) -> int:
    resp = client.post(
        "/api/connections",
        json={"name": name, "connector_type": connector, "is_source": is_source, "config": config},
    )
    assert resp.status_code == 201, resp.text
    return int(resp.json()["id"])


def _wait(client: TestClient, job_id: int, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["status"] in ("success", "failed", "cancelled"):
            return dict(job)
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def _run(client: TestClient, pipeline_id: int) -> dict[str, Any]:
    resp = client.post(f"/api/pipelines/{pipeline_id}/run")
    assert resp.status_code == 202, resp.text
    assert resp.json()["status"] in ("pending", "running")
    return _wait(client, resp.json()["id"])


def test_full_refresh_and_incremental_merge_pg_to_pg(
    client: TestClient, source_db: str, dest_db: str
) -> None:
    do_setup(client)
    src = _conn(client, "src", "postgres", True, pg_config(source_db))
    dst = _conn(client, "dst", "postgres", False, pg_config(dest_db))
    assert client.post(f"/api/connections/{src}/discover").status_code == 200

    body = {
        "name": "items-full",
        "source_connection_id": src,
        "destination_connection_id": dst,
        "source_config": {"streams": [{"name": "public.items", "sync_mode": "full_refresh"}]},
        "destination_config": {"schema": "raw", "table_prefix": "src_"},
    }
    created = client.post("/api/pipelines", json=body)
    assert created.status_code == 201, created.text
    full = created.json()
    for _ in range(2):
        job = _run(client, full["id"])
        assert job["status"] == "success", job
        assert job["records_loaded"] == 500
        assert job["streams"]["public.items"]["records_loaded"] == 500
    with psycopg.connect(dest_db) as db:
        assert db.execute("SELECT count(*), sum(price) FROM raw.src_items").fetchone() == (
            500,
            pytest.approx(sum(g * 1.5 for g in range(1, 501))),
        )

    inc = client.post(
        "/api/pipelines",
        json={
            **body,
            "name": "items-inc",
            "source_config": {
                "streams": [
                    {
                        "name": "public.items",
                        "sync_mode": "incremental",
                        "cursor_field": "updated_at",
                    }
                ]
            },
            "destination_config": {"schema": "merged", "write_mode": "merge"},
        },
    ).json()
    assert _run(client, inc["id"])["records_loaded"] == 500
    state = client.get(f"/api/pipelines/{inc['id']}/state").json()["streams"]
    assert state[0]["stream"] == "public.items"
    assert state[0]["state"] is not None

    with psycopg.connect(source_db, autocommit=True) as db:
        db.execute("UPDATE items SET name = 'changed', updated_at = now() WHERE id <= 10")
        db.execute("INSERT INTO items VALUES (501, 'new', 1, now())")
    job = _run(client, inc["id"])
    assert job["status"] == "success"
    assert job["records_loaded"] == 11  # only new and changed rows are read
    with psycopg.connect(dest_db) as db:
        assert db.execute("SELECT count(*), count(DISTINCT id) FROM merged.items").fetchone() == (
            501,
            501,
        )
        assert db.execute(
            "SELECT count(*) FROM merged.items WHERE name = 'changed'"
        ).fetchone() == (10,)

    reset = client.post(f"/api/pipelines/{inc['id']}/state/reset").json()
    assert reset["streams"][0]["state"] is None
    assert _run(client, inc["id"])["records_loaded"] == 501
    history = client.get(f"/api/pipelines/{inc['id']}/state/history").json()["streams"]
    assert len(history) >= 4
    logs = client.get(f"/api/jobs/{job['id']}/logs").json()
    assert logs["count"] >= 1
    listed = client.get(f"/api/jobs?pipeline_id={inc['id']}&status=success").json()
    assert listed["count"] == 3


def test_pipeline_validation_errors(client: TestClient, source_db: str, dest_db: str) -> None:
    do_setup(client)
    src = _conn(client, "src", "postgres", True, pg_config(source_db))
    dst = _conn(client, "dst", "postgres", False, pg_config(dest_db))
    base = {
        "name": "p",
        "source_connection_id": src,
        "destination_connection_id": dst,
        "source_config": {"streams": [{"name": "public.items"}]},
    }
    unknown = client.post(
        "/api/pipelines", json={**base, "source_config": {"streams": [{"name": "public.nope"}]}}
    )
    assert unknown.status_code == 422
    assert "public.nope" in unknown.json()["detail"]
    bad_cron = client.post("/api/pipelines", json={**base, "schedule_cron": "every day"})
    assert bad_cron.status_code == 422
    assert bad_cron.json()["field"] == "schedule_cron"
    no_cursor = client.post(
        "/api/pipelines",
        json={
            **base,
            "source_config": {"streams": [{"name": "public.items", "sync_mode": "incremental"}]},
        },
    )
    assert no_cursor.status_code == 422
    assert "cursor" in no_cursor.json()["detail"]
    swapped = client.post(
        "/api/pipelines",
        json={**base, "source_connection_id": dst, "destination_connection_id": src},
    )
    assert swapped.status_code == 422
    ok = client.post("/api/pipelines", json={**base, "schedule_cron": "*/5 * * * *"})
    assert ok.status_code == 201, ok.text
    assert ok.json()["next_run_at"] is not None
    patched = client.patch(f"/api/pipelines/{ok.json()['id']}", json={"schedule_cron": None})
    assert patched.json()["schedule_cron"] is None
    assert patched.json()["next_run_at"] is None
    assert client.delete(f"/api/connections/{src}").status_code == 409


def test_pg_to_parquet_and_custom_query(client: TestClient, source_db: str, tmp_path: Path) -> None:
    do_setup(client)
    src = _conn(client, "src", "postgres", True, pg_config(source_db))
    out = tmp_path / "lake"
    dst = _conn(client, "lake", "file", False, {"directory": str(out), "format": "parquet"})
    client.post(f"/api/connections/{src}/discover")
    pipeline = client.post(
        "/api/pipelines",
        json={
            "name": "to-parquet",
            "source_connection_id": src,
            "destination_connection_id": dst,
            "source_config": {
                "streams": [{"name": "public.items", "columns": ["id", "price"]}],
                "queries": [
                    {"name": "expensive", "sql": "SELECT id, price FROM items WHERE price > 600"}
                ],
            },
            "destination_config": {"schema": "shop"},
        },
    )
    assert pipeline.status_code == 201, pipeline.text
    job = _run(client, pipeline.json()["id"])
    assert job["status"] == "success", job
    items = pq.read_table(out / "shop" / "items.parquet")
    assert items.num_rows == 500
    assert items.column_names == ["id", "price"]
    expensive = pq.read_table(out / "shop" / "expensive.parquet")
    assert expensive.num_rows == sum(1 for g in range(1, 501) if g * 1.5 > 600)


def test_run_conflict_cancel_and_locked(client: TestClient, source_db: str, dest_db: str) -> None:
    do_setup(client)
    src = _conn(client, "src", "postgres", True, pg_config(source_db))
    dst = _conn(client, "dst", "postgres", False, pg_config(dest_db))
    client.post(f"/api/connections/{src}/discover")
    pipeline = client.post(
        "/api/pipelines",
        json={
            "name": "p",
            "source_connection_id": src,
            "destination_connection_id": dst,
            "source_config": {"streams": [{"name": "public.items"}]},
        },
    ).json()
    job = _run(client, pipeline["id"])
    assert job["status"] == "success"
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 409
    client.post("/api/system/lock")
    locked = client.post(f"/api/pipelines/{pipeline['id']}/run")
    assert locked.status_code == 423
    assert client.get("/api/jobs/999999").status_code == 404
