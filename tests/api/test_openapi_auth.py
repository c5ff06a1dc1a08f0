"""Walk every route of the OpenAPI document: protected ones answer 401 without auth and work
with an API token."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.helpers import do_setup, new_token

PUBLIC = {
    ("get", "/api/health"),
    ("get", "/api/system/status"),
    ("post", "/api/system/setup"),
    ("post", "/api/system/unlock"),
    ("post", "/api/auth/login"),
}


def _operations(client: TestClient) -> list[tuple[str, str, dict[str, Any]]]:
    spec = client.get("/api/openapi.json").json()
    ops = []
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                ops.append((method, path, op))
    return ops


def _concrete(path: str) -> str:
    import re

    return re.sub(r"\{[^}]+\}", "999999", path)


def test_every_protected_route_needs_auth_and_accepts_a_token(client: TestClient) -> None:
    do_setup(client)
    ops = _operations(client)
    assert len(ops) >= 12
    client.cookies.clear()
    for method, path, _op in ops:
        if (method, path) in PUBLIC:
            continue
        resp = client.request(method, _concrete(path), json={})
        assert resp.status_code == 401, f"{method.upper()} {path} answered {resp.status_code}"
        assert resp.json()["detail"]

    for method, path, _op in ops:
        if (method, path) in PUBLIC:
            continue
        client.post("/api/system/unlock", json={"master_password": "correct horse battery staple"})
        client.post("/api/auth/login", json={"username": "admin", "password": "admin-password-1"})
        token = new_token(client, f"walk {method} {path}")
        client.cookies.clear()
        resp = client.request(
            method, _concrete(path), json={}, headers={"Authorization": f"Bearer {token}"}
        )
        assert resp.status_code not in (401, 403), f"{method.upper()} {path}: {resp.text}"
        assert resp.status_code < 500, f"{method.upper()} {path}: {resp.text}"
        assert (
            resp.headers["content-type"].startswith("application/json") or resp.status_code == 204
        )


def test_public_routes_answer_without_auth(client: TestClient) -> None:
    assert client.get("/api/health").status_code == 200
    assert client.get("/api/system/status").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    assert client.get("/api/docs").status_code == 200
