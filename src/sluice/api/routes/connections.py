"""Connections: CRUD, test, discover and the cached schema."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from sluice.api.deps import (
    CipherDep,
    CurrentUser,
    ExecutorDep,
    OptionalCipherDep,
    RuntimeDep,
    SessionDep,
)
from sluice.api.routes.jobs import job_public
from sluice.api.schemas.connections import (
    CatalogPublic,
    ConnectionCreate,
    ConnectionPublic,
    ConnectionsPublic,
    ConnectionTestResult,
    ConnectionUpdate,
)
from sluice.api.schemas.errors import PROTECTED_ERRORS
from sluice.api.schemas.ids import IdPath
from sluice.api.schemas.pipelines import JobPublic
from sluice.core import connections as core
from sluice.core import jobs
from sluice.core.connections import CachedCatalog
from sluice.db.base import utcnow
from sluice.db.models import Connection, Job
from sluice.errors import ExternalSystemError, InvalidInputError, NotFoundError
from sluice.security.crypto import Cipher

router = APIRouter(prefix="/api/connections", tags=["connections"], responses=PROTECTED_ERRORS)


def _public(conn: Connection, cipher: Cipher | None) -> ConnectionPublic:
    return ConnectionPublic(
        id=conn.id,
        name=conn.name,
        connector_type=conn.connector_type,
        is_source=conn.is_source,
        config=core.masked_config(cipher, conn),
        created_at=conn.created_at,
        updated_at=conn.updated_at,
        last_test_ok=conn.last_test_ok,
        last_test_message=conn.last_test_message,
        last_tested_at=conn.last_tested_at,
    )


def _catalog(cached: CachedCatalog) -> CatalogPublic:
    streams = [
        {k: v for k, v in s.items() if k != "arrow_schema"} for s in cached.catalog["streams"]
    ]
    return CatalogPublic(
        connection_id=cached.connection_id,
        discovered_at=cached.discovered_at,
        age_seconds=(utcnow() - cached.discovered_at).total_seconds(),
        streams=streams,
    )


@router.get("")
def list_all(
    _user: CurrentUser,
    session: SessionDep,
    cipher: OptionalCipherDep,
    is_source: bool | None = None,
) -> ConnectionsPublic:
    """Every connection (configs masked; ``null`` while locked)."""
    found = core.list_connections(session, is_source=is_source)
    return ConnectionsPublic(data=[_public(c, cipher) for c in found], count=len(found))


@router.post("", status_code=201)
def create(
    body: ConnectionCreate, _user: CurrentUser, session: SessionDep, cipher: CipherDep
) -> ConnectionPublic:
    """Create a connection; the config is validated against the connector and encrypted."""
    conn = core.create_connection(
        session,
        cipher,
        name=body.name,
        connector_type=body.connector_type,
        is_source=body.is_source,
        config=body.config,
    )
    return _public(conn, cipher)


@router.get("/{connection_id}")
def get_one(
    connection_id: IdPath, _user: CurrentUser, session: SessionDep, cipher: OptionalCipherDep
) -> ConnectionPublic:
    """One connection (secrets masked)."""
    return _public(core.get_connection(session, connection_id), cipher)


@router.patch("/{connection_id}")
def update(
    connection_id: IdPath,
    body: ConnectionUpdate,
    _user: CurrentUser,
    session: SessionDep,
    cipher: CipherDep,
) -> ConnectionPublic:
    """Rename or change config fields; secrets left out (or masked) keep their stored value."""
    conn = core.update_connection(
        session, cipher, connection_id, name=body.name, config=body.config
    )
    return _public(conn, cipher)


@router.delete("/{connection_id}", status_code=204)
def delete(connection_id: IdPath, _user: CurrentUser, session: SessionDep) -> None:
    """Delete a connection no pipeline uses."""
    core.delete_connection(session, connection_id)


def _metadata_job(
    runtime: RuntimeDep, executor: ExecutorDep, connection_id: IdPath, kind: str, wait: float
) -> Job:
    with runtime.unit_of_work() as session:
        conn = core.get_connection(session, connection_id)
        if kind == "discover" and not conn.is_source:
            msg = f"connection {conn.name!r} is a destination: nothing to discover"
            raise InvalidInputError(msg)
        job_id = jobs.create_connection_job(session, conn.id, kind).id
    executor.submit(job_id)
    return jobs.wait_until_finished(runtime.sessions, job_id, timeout=wait)


def _accepted(job: Job) -> JSONResponse:
    return JSONResponse(job_public(job).model_dump(mode="json"), status_code=202)


@router.post(
    "/{connection_id}/test",
    response_model=ConnectionTestResult,
    responses={202: {"model": JobPublic, "description": "Still running: follow the job."}},
)
def test(
    connection_id: IdPath,
    _user: CurrentUser,
    _cipher: CipherDep,
    runtime: RuntimeDep,
    executor: ExecutorDep,
    wait: Annotated[float, Query(ge=0, le=120)] = 30,  # noqa: PT028 - a route, not a test
) -> ConnectionTestResult | JSONResponse:
    """Try to reach the system (on a worker in the distributed deployment); the result is
    stored on the connection. Answers 202 with the job if it takes longer than ``wait`` s."""
    job = _metadata_job(runtime, executor, connection_id, "check", wait)
    if job.status == "success" and job.result:
        return ConnectionTestResult(
            ok=bool(job.result["ok"]),
            message=str(job.result["message"]),
            tested_at=job.result["tested_at"],
        )
    if job.status == "failed":
        raise ExternalSystemError(job.error or "the connection test failed")
    return _accepted(job)


@router.post(
    "/{connection_id}/discover",
    response_model=CatalogPublic,
    responses={202: {"model": JobPublic, "description": "Still running: follow the job."}},
)
def discover(
    connection_id: IdPath,
    _user: CurrentUser,
    _cipher: CipherDep,
    runtime: RuntimeDep,
    executor: ExecutorDep,
    wait: Annotated[float, Query(ge=0, le=120)] = 30,
) -> CatalogPublic | JSONResponse:
    """Scan the source's schemas, tables, columns and relationships (on a worker in the
    distributed deployment), cache and return them; 202 with the job if still running."""
    job = _metadata_job(runtime, executor, connection_id, "discover", wait)
    if job.status == "success":
        with runtime.sessions() as session:
            cached = core.cached_catalog(session, connection_id)
        if cached is not None:
            return _catalog(cached)
    if job.status == "failed":
        raise ExternalSystemError(job.error or "discovery failed")
    return _accepted(job)


@router.get("/{connection_id}/schema")
def schema(connection_id: IdPath, _user: CurrentUser, session: SessionDep) -> CatalogPublic:
    """The cached catalog and when it was taken (404 if never discovered)."""
    conn = core.get_connection(session, connection_id)
    cached = core.cached_catalog(session, conn.id)
    if cached is None:
        msg = f"connection {conn.name!r} has not been discovered yet: POST .../discover"
        raise NotFoundError(msg)
    return _catalog(cached)
