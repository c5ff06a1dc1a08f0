"""Connections over HTTP against a real PostgreSQL: validation, encryption, masking, test,
discover, and the 423 answer while locked."""

from __future__ import annotations

from urllib.parse import urlsplit

import psycopg
from fastapi.testclient import TestClient

from sluice.core.runtime import Runtime
from tests.helpers import MASTER, do_setup


def pg_config(dsn: str, **extra: object) -> dict[str, object]:
    parts = urlsplit(dsn)
    return {
        "host": parts.hostname,
        "port": parts.port,
        "database": parts.path.lstrip("/"),
        "username": parts.username,
        "password": "not-needed-under-trust",
        **extra,
    }


def test_connectors_are_listed_with_secret_fields_marked(client: TestClient) -> None:
    do_setup(client)
    found = {c["name"]: c for c in client.get("/api/connectors").json()["data"]}
    assert {"postgres", "file"} <= set(found)
    pg = client.get("/api/connectors/postgres").json()
    assert pg["kind"] == "both"
    password = pg["config_schema"]["properties"]["password"]
    assert password["writeOnly"] is True
    assert password["format"] == "password"
    assert pg["secret_fields"] == ["password"]
    assert client.get("/api/connectors/nope").status_code == 404


def test_create_mask_patch_keeps_secret_and_stores_ciphertext(
    app_client: tuple[TestClient, Runtime], pg_database: str
) -> None:
    client, runtime = app_client
    do_setup(client)
    body = {
        "name": "warehouse",
        "connector_type": "postgres",
        "is_source": True,
        "config": pg_config(pg_database),
    }
    created = client.post("/api/connections", json=body)
    assert created.status_code == 201, created.text
    conn = created.json()
    assert conn["config"]["password"] == "**********"
    assert conn["config"]["host"] == "127.0.0.1"
    with runtime.engine.connect() as db:
        stored = db.exec_driver_sql("SELECT config_encrypted FROM connections").scalar_one()
    assert "not-needed-under-trust" not in stored
    assert "127.0.0.1" not in stored

    patched = client.patch(
        f"/api/connections/{conn['id']}", json={"config": {"port": 5999, "password": "**********"}}
    )
    assert patched.status_code == 200, patched.text
    assert patched.json()["config"]["port"] == 5999
    with runtime.sessions() as session:
        from sluice.core.connections import get_connection, parsed_config

        _, cfg = parsed_config(runtime.keyring.cipher(), get_connection(session, conn["id"]))
    assert cfg.password.get_secret_value() == "not-needed-under-trust"  # type: ignore[attr-defined]

    dup = client.post("/api/connections", json=body)
    assert dup.status_code == 409


def test_invalid_config_names_the_field(client: TestClient) -> None:
    do_setup(client)
    resp = client.post(
        "/api/connections",
        json={
            "name": "bad",
            "connector_type": "postgres",
            "is_source": True,
            "config": {"host": "h", "database": "d", "username": "u", "port": "not-a-port"},
        },
    )
    assert resp.status_code == 422
    assert resp.json()["field"] == "config.port"
    assert "port" in resp.json()["detail"]
    unknown = client.post(
        "/api/connections",
        json={"name": "x", "connector_type": "oracle9", "is_source": True, "config": {}},
    )
    assert unknown.status_code == 422
    assert "oracle9" in unknown.json()["detail"]


def test_test_and_discover_and_cached_schema(client: TestClient, pg_database: str) -> None:
    do_setup(client)
    with psycopg.connect(pg_database, autocommit=True) as db:
        db.execute("CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL)")
        db.execute(
            "CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers(id),"
            " amount numeric(12,2), updated_at timestamptz)"
        )
        db.execute("INSERT INTO customers VALUES (1, 'a'), (2, 'b')")
    conn = client.post(
        "/api/connections",
        json={
            "name": "src",
            "connector_type": "postgres",
            "is_source": True,
            "config": pg_config(pg_database),
        },
    ).json()
    ok = client.post(f"/api/connections/{conn['id']}/test").json()
    assert ok["ok"] is True, ok
    assert client.get(f"/api/connections/{conn['id']}").json()["last_test_ok"] is True

    assert client.get(f"/api/connections/{conn['id']}/schema").status_code == 404
    catalog = client.post(f"/api/connections/{conn['id']}/discover").json()
    streams = {s["name"]: s for s in catalog["streams"]}
    assert {"public.customers", "public.orders"} <= set(streams)
    orders = streams["public.orders"]
    assert orders["primary_key"] == ["id"]
    assert orders["foreign_keys"][0]["referred_stream"] == "public.customers"
    amount = next(c for c in orders["columns"] if c["name"] == "amount")
    assert amount["native_type"] == "numeric(12,2)"
    cached = client.get(f"/api/connections/{conn['id']}/schema").json()
    assert cached["discovered_at"] == catalog["discovered_at"]
    assert cached["age_seconds"] >= 0

    bad = client.post(
        "/api/connections",
        json={
            "name": "down",
            "connector_type": "postgres",
            "is_source": True,
            "config": pg_config(pg_database, port=1),
        },
    ).json()
    failed = client.post(f"/api/connections/{bad['id']}/test").json()
    assert failed["ok"] is False
    assert failed["message"]


def test_locked_system_answers_423_for_credentialed_work(
    client: TestClient, pg_database: str
) -> None:
    do_setup(client)
    conn = client.post(
        "/api/connections",
        json={
            "name": "src",
            "connector_type": "postgres",
            "is_source": True,
            "config": pg_config(pg_database),
        },
    ).json()
    client.post("/api/system/lock")
    for method, path, body in (
        (
            "post",
            "/api/connections",
            {
                "name": "n",
                "connector_type": "postgres",
                "is_source": True,
                "config": pg_config(pg_database),
            },
        ),
        ("post", f"/api/connections/{conn['id']}/test", None),
        ("post", f"/api/connections/{conn['id']}/discover", None),
        ("patch", f"/api/connections/{conn['id']}", {"config": {"port": 1}}),
    ):
        resp = client.request(method, path, json=body)
        assert resp.status_code == 423, (path, resp.text)
        assert "unlock" in resp.json()["detail"]
    listed = client.get("/api/connections").json()["data"][0]
    assert listed["config"] is None  # cannot decrypt while locked, but still listed
    client.post("/api/system/unlock", json={"master_password": MASTER})
    assert client.post(f"/api/connections/{conn['id']}/test").json()["ok"] is True
