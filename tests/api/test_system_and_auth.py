"""First-run setup, lock/unlock, master password, login sessions and API tokens over HTTP."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sluice.core.runtime import Runtime
from tests.helpers import ADMIN, ADMIN_PASSWORD, MASTER, do_setup, new_token


def test_health_and_status_need_no_auth(client: TestClient) -> None:
    assert client.get("/api/health").json()["status"] == "ok"
    assert client.get("/api/system/status").json() == {"initialized": False, "locked": True}


def test_setup_once_then_refused(client: TestClient) -> None:
    do_setup(client)
    assert client.get("/api/system/status").json() == {"initialized": True, "locked": False}
    again = client.post(
        "/api/system/setup",
        json={"master_password": MASTER, "admin_username": "other", "admin_password": "x" * 12},
    )
    assert again.status_code == 409
    assert "already set up" in again.json()["detail"]


def test_setup_rejects_weak_master_password_and_keeps_nothing(client: TestClient) -> None:
    resp = client.post(
        "/api/system/setup",
        json={"master_password": "short", "admin_username": ADMIN, "admin_password": "x" * 12},
    )
    assert resp.status_code == 422
    assert resp.json()["field"] == "master_password"
    assert "at least 8" in resp.json()["detail"]
    assert client.get("/api/system/status").json()["initialized"] is False
    do_setup(client)  # the failed attempt left no half-made admin behind


def test_missing_field_is_a_readable_422(client: TestClient) -> None:
    resp = client.post("/api/system/setup", json={"admin_username": "a"})
    assert resp.status_code == 422
    assert "master_password" in resp.json()["detail"]


def test_login_sets_http_only_samesite_cookie(client: TestClient) -> None:
    do_setup(client)
    client.cookies.clear()
    assert client.get("/api/auth/me").status_code == 401
    bad = client.post("/api/auth/login", json={"username": ADMIN, "password": "nope-nope"})
    assert bad.status_code == 401
    assert bad.json()["detail"] == "wrong username or password"
    ok = client.post("/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD})
    assert ok.status_code == 200
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=strict" in cookie
    assert client.get("/api/auth/me").json()["username"] == ADMIN
    assert client.post("/api/auth/logout").status_code == 204
    client.cookies.clear()
    assert client.get("/api/auth/me").status_code == 401


def test_repeated_wrong_logins_are_slowed_down(client: TestClient) -> None:
    do_setup(client)
    codes = [
        client.post("/api/auth/login", json={"username": ADMIN, "password": "wrong-pw"}).status_code
        for _ in range(7)
    ]
    assert codes[:5] == [401] * 5
    assert 429 in codes[5:]
    blocked = client.post("/api/auth/login", json={"username": ADMIN, "password": ADMIN_PASSWORD})
    assert blocked.status_code == 429
    assert "Retry-After" in blocked.headers


def test_tokens_shown_once_listed_and_revoked(client: TestClient) -> None:
    do_setup(client)
    token = new_token(client, "ci")
    listed = client.get("/api/auth/tokens").json()
    assert listed["count"] == 1
    assert "token" not in listed["data"][0]
    assert token.startswith(listed["data"][0]["prefix"])
    client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/auth/me", headers=bearer).json()["username"] == ADMIN
    token_id = listed["data"][0]["id"]
    assert client.delete(f"/api/auth/tokens/{token_id}", headers=bearer).status_code == 204
    revoked = client.get("/api/auth/me", headers=bearer)
    assert revoked.status_code == 401
    assert "revoked" in revoked.json()["detail"]
    assert (
        client.get("/api/auth/me", headers={"Authorization": "Bearer slc_bogus"}).status_code == 401
    )


def test_lock_unlock_and_wrong_password(app_client: tuple[TestClient, Runtime]) -> None:
    client, runtime = app_client
    do_setup(client)
    assert client.post("/api/system/lock").json()["locked"] is True
    assert not runtime.keyring.is_unlocked
    wrong = client.post("/api/system/unlock", json={"master_password": "not the password"})
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "wrong master password"
    assert client.get("/api/system/status").json()["locked"] is True
    ok = client.post("/api/system/unlock", json={"master_password": MASTER})
    assert ok.status_code == 200
    assert client.get("/api/system/status").json() == {"initialized": True, "locked": False}


def test_repeated_wrong_unlocks_are_slowed_down(client: TestClient) -> None:
    do_setup(client)
    client.post("/api/system/lock")
    codes = [
        client.post("/api/system/unlock", json={"master_password": f"guess-{i}"}).status_code
        for i in range(7)
    ]
    assert codes[:5] == [401] * 5
    assert codes[-1] == 429


def test_change_master_password_keeps_data_readable(app_client: tuple[TestClient, Runtime]) -> None:
    client, runtime = app_client
    do_setup(client)
    secret = runtime.keyring.cipher().encrypt(b"s3cr3t-value")
    wrong = client.post(
        "/api/system/master-password",
        json={"current_password": "wrong-one", "new_password": "brand new password"},
    )
    assert wrong.status_code == 401
    resp = client.post(
        "/api/system/master-password",
        json={"current_password": MASTER, "new_password": "brand new password"},
    )
    assert resp.status_code == 200, resp.text
    client.post("/api/system/lock")
    assert client.post("/api/system/unlock", json={"master_password": MASTER}).status_code == 401
    assert (
        client.post(
            "/api/system/unlock", json={"master_password": "brand new password"}
        ).status_code
        == 200
    )
    assert runtime.keyring.cipher().decrypt(secret) == b"s3cr3t-value"


def test_unknown_endpoint_and_server_errors_are_json(client: TestClient) -> None:
    resp = client.get("/api/nope")
    assert resp.status_code == 404
    assert resp.json() == {"detail": "no such endpoint"}
