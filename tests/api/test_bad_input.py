"""Bad input gets a clear 4xx JSON error naming what was wrong, never a 500 or a stack trace."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from sluice.core.runtime import Runtime
from tests.helpers import do_setup

JSON = {"content-type": "application/json"}
PROBES = [
    ("post", "/api/connections", b"{not json", "JSON decode error"),
    ("post", "/api/connections", b'{"name": 5, "connector_type": [], "is_source": "x"}', "name"),
    (
        "post",
        "/api/pipelines",
        b'{"name": "x", "source_connection_id": 99999999999999999999999,'
        b' "destination_connection_id": 1, "source_config": {}}',
        "source_connection_id",
    ),
    ("get", "/api/jobs?limit=abc", None, "limit"),
    ("get", "/api/jobs?limit=100000", None, "limit"),
    ("get", "/api/jobs?offset=107178329605378869821440", None, "offset"),
    ("get", "/api/jobs/1/logs?after_id=107178329605378869821440", None, "after_id"),
    ("get", "/api/jobs?status=weird", None, "status"),
    ("post", "/api/connections", b"\xff\xfe{", "UTF-8"),
    ("get", "/api/jobs/-1", None, "job_id"),
    ("get", "/api/pipelines/99999999999999999999", None, "pipeline_id"),
    (
        "post",
        "/api/connections",
        b'{"name": "x", "connector_type": "postgres", "is_source": true,'
        b' "config": {"host": "h", "database": "d", "username": "u", "bogus": 1}}',
        "bogus",
    ),
    (
        "post",
        "/api/pipelines",
        b'{"name": "x", "source_connection_id": 1, "destination_connection_id": 1,'
        b' "source_config": {"streams": [{"name": "a", "sync_mode": "sideways"}]}}',
        "sync_mode",
    ),
    ("patch", "/api/connections/1", b"[]", "dictionary"),
    ("post", "/api/auth/tokens", b'{"name": "t", "expires_at": "2001-01-01T00:00:00Z"}', "future"),
    ("post", "/api/auth/tokens", b'{"name": "t", "expires_at": "2030-01-01T00:00:00"}', "timezone"),
    ("post", "/api/auth/tokens", b'{"name": "   "}', "name"),
]


@pytest.mark.parametrize(("method", "path", "body", "mentions"), PROBES)
def test_bad_input_is_a_readable_4xx(
    client: TestClient, method: str, path: str, body: bytes | None, mentions: str
) -> None:
    do_setup(client)
    resp = client.request(method, path, content=body, headers=JSON if body else {})
    assert 400 <= resp.status_code < 500, resp.text
    detail = resp.json()["detail"]
    assert mentions.lower() in detail.lower()
    assert "Traceback" not in resp.text


def test_unexpected_errors_are_json_without_internals(client: TestClient) -> None:
    from fastapi.routing import APIRoute

    def boom() -> None:
        raise RuntimeError("secret internals: password=hunter2")

    app = client.app
    app.router.routes.insert(0, APIRoute("/api/_boom", boom))  # type: ignore[attr-defined]
    quiet = TestClient(app, raise_server_exceptions=False)
    resp = quiet.get("/api/_boom")
    assert resp.status_code == 500
    assert resp.json()["detail"].startswith("internal server error (reference ")
    assert "hunter2" not in resp.text
    assert "Traceback" not in resp.text


def test_the_response_is_sent_only_after_the_commit(
    app_client: tuple[TestClient, Runtime],
) -> None:
    """A commit that fails must turn into an error response, never a 201 for lost data."""
    from sqlalchemy import event
    from sqlalchemy.exc import IntegrityError

    client, runtime = app_client
    do_setup(client)

    def refuse(session: object) -> None:
        raise IntegrityError("INSERT ...", {}, Exception("simulated constraint violation"))

    event.listen(runtime.sessions, "before_commit", refuse)
    try:
        resp = client.post("/api/auth/tokens", json={"name": "never stored"})
    finally:
        event.remove(runtime.sessions, "before_commit", refuse)
    assert resp.status_code == 409, resp.text
    assert "conflicts" in resp.json()["detail"]
    assert client.get("/api/auth/tokens").json()["count"] == 0
