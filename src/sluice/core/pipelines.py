"""Pipelines: validated CRUD, and turning a pipeline plus a catalog into an engine plan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from sluice.connectors.sdk import Catalog, ConfiguredStream, StreamSpec, SyncMode
from sluice.connectors.sdk.errors import ConnectorError
from sluice.core import connections as conns
from sluice.core import scheduling
from sluice.core.catalogs import catalog_from_json
from sluice.core.pipeline_spec import DestinationConfig, QueryStream, SourceConfig
from sluice.db.base import utcnow
from sluice.db.models import Connection, Pipeline
from sluice.engine.plan import PlanError, SyncPlan, build_plan
from sluice.engine.retry import RetryPolicy
from sluice.engine.schema import DriftPolicy
from sluice.errors import ConflictError, InvalidInputError, NotFoundError
from sluice.security.crypto import Cipher

DRIFT_POLICIES = ("evolve", "freeze")


@dataclass
class PipelineInput:
    """Fields of a pipeline create or update (``None`` = not given, for updates)."""

    name: str | None = None
    source_connection_id: int | None = None
    destination_connection_id: int | None = None
    source_config: dict[str, Any] | None = None
    destination_config: dict[str, Any] | None = None
    sync_mode: SyncMode | None = None
    schedule_cron: str | None = None
    schedule_timezone: str | None = None
    enabled: bool | None = None
    drift_policy: str | None = None
    max_parallel_streams: int | None = None
    retry_max_attempts: int | None = None
    retry_backoff_seconds: int | None = None
    webhook_url: str | None = None
    notify_on_success: bool | None = None
    clear_schedule: bool = False


def get_pipeline(session: Session, pipeline_id: int) -> Pipeline:
    """The pipeline; :class:`NotFoundError` if there is none."""
    pipeline = session.get(Pipeline, pipeline_id)
    if pipeline is None:
        raise NotFoundError(f"no pipeline with id {pipeline_id}")
    return pipeline


def find_pipeline(session: Session, name_or_id: str) -> Pipeline:
    """A pipeline by name, or by id when given digits."""
    if name_or_id.isdigit():
        return get_pipeline(session, int(name_or_id))
    found = session.scalars(select(Pipeline).where(Pipeline.name == name_or_id)).first()
    if found is None:
        raise NotFoundError(f"no pipeline named {name_or_id!r}")
    return found


def list_pipelines(session: Session) -> list[Pipeline]:
    """Every pipeline, by name."""
    return list(session.scalars(select(Pipeline).order_by(Pipeline.name)))


def parse_source_config(raw: dict[str, Any]) -> SourceConfig:
    """Validate ``source_config``; the 422 message names the bad field."""
    try:
        return SourceConfig.model_validate(raw)
    except ValidationError as exc:
        raise _invalid("source_config", exc) from exc


def parse_destination_config(raw: dict[str, Any]) -> DestinationConfig:
    """Validate ``destination_config``; the 422 message names the bad field."""
    try:
        return DestinationConfig.model_validate(raw)
    except ValidationError as exc:
        raise _invalid("destination_config", exc) from exc


def _invalid(prefix: str, exc: ValidationError) -> InvalidInputError:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in (prefix, *err.get("loc", ())))
        parts.append(f"{loc}: {err.get('msg', 'invalid')}")
    first = ".".join(str(p) for p in (prefix, *exc.errors()[0].get("loc", ())))
    return InvalidInputError("; ".join(parts), field=first)


def _connection(session: Session, connection_id: int, *, is_source: bool) -> Connection:
    conn = session.get(Connection, connection_id)
    role = "source" if is_source else "destination"
    field = f"{role}_connection_id"
    if conn is None:
        raise InvalidInputError(f"no connection with id {connection_id}", field=field)
    if conn.is_source != is_source:
        raise InvalidInputError(f"connection {conn.name!r} is not a {role}", field=field)
    return conn


def _catalog_for(session: Session, cipher: Cipher | None, source: Connection) -> Catalog:
    cached = conns.cached_catalog(session, source.id)
    if cached is None:
        if cipher is None:
            msg = f"discover connection {source.name!r} first (its catalog is not cached)"
            raise InvalidInputError(msg, field="source_config")
        cached = conns.discover(session, cipher, source.id)
    return catalog_from_json(cached.catalog)


def _query_specs(
    session: Session, cipher: Cipher | None, source: Connection, queries: list[QueryStream]
) -> dict[str, StreamSpec]:
    if not queries:
        return {}
    if cipher is None:
        return {}
    connector, config = conns.parsed_config(cipher, source)
    specs: dict[str, StreamSpec] = {}
    with connector.create_source(config) as src:
        for i, query in enumerate(queries):
            try:
                specs[query.name] = src.query_stream(query.name, query.sql)
            except ConnectorError as exc:
                msg = f"query stream {query.name!r}: {exc}"
                raise InvalidInputError(msg, field=f"source_config.queries.{i}.sql") from exc
    return specs


def configured_streams(
    pipeline: Pipeline, catalog: Catalog, query_specs: dict[str, StreamSpec]
) -> list[ConfiguredStream]:
    """The pipeline's selected streams resolved against ``catalog`` (422 for unknown ones)."""
    source_config = parse_source_config(pipeline.source_config)
    default_mode = SyncMode(pipeline.sync_mode)
    out: list[ConfiguredStream] = []
    for i, sel in enumerate(source_config.streams):
        try:
            spec = catalog.get(sel.name)
        except KeyError:
            msg = f"unknown stream {sel.name!r}; discover the source again or pick another"
            raise InvalidInputError(msg, field=f"source_config.streams.{i}.name") from None
        out.append(
            _configure(
                spec, sel.sync_mode or default_mode, sel.columns, sel.cursor_field, sel.primary_key
            )
        )
    for query in source_config.queries:
        query_spec = query_specs.get(query.name)
        if query_spec is None:
            continue
        out.append(
            _configure(
                query_spec,
                query.sync_mode or default_mode,
                None,
                query.cursor_field,
                query.primary_key,
            )
        )
    return out


def _configure(
    spec: StreamSpec,
    mode: SyncMode,
    columns: list[str] | None,
    cursor: str | None,
    primary_key: list[str] | None,
) -> ConfiguredStream:
    return ConfiguredStream(
        stream=spec,
        sync_mode=mode,
        columns=tuple(columns) if columns is not None else None,
        cursor_field=cursor,
        primary_key=tuple(primary_key or ()),
    )


def sync_plan(pipeline: Pipeline, streams: list[ConfiguredStream]) -> SyncPlan:
    """The engine plan: tables ``<prefix><table>`` in the destination schema."""
    dest = parse_destination_config(pipeline.destination_config)
    names = {}
    for configured in streams:
        table = configured.stream.name.rpartition(".")[2]
        names[configured.stream.name] = f"{dest.table_prefix}{table}"
    try:
        return build_plan(
            streams,
            namespace=dest.schema_,
            write_mode=dest.write_mode,
            names=names,
            max_parallel=pipeline.max_parallel_streams,
            drift_policy=DriftPolicy(pipeline.drift_policy),
            retry=RetryPolicy(
                max_attempts=max(1, pipeline.retry_max_attempts),
                initial_delay=float(pipeline.retry_backoff_seconds),
                max_delay=max(60.0, float(pipeline.retry_backoff_seconds)),
            ),
        )
    except PlanError as exc:
        raise InvalidInputError(str(exc), field="source_config") from exc


def _apply(pipeline: Pipeline, data: PipelineInput) -> None:
    for field in (
        "name",
        "source_connection_id",
        "destination_connection_id",
        "source_config",
        "destination_config",
        "enabled",
        "drift_policy",
        "max_parallel_streams",
        "retry_max_attempts",
        "retry_backoff_seconds",
        "webhook_url",
        "notify_on_success",
        "schedule_timezone",
        "schedule_cron",
    ):
        value = getattr(data, field)
        if value is not None:
            setattr(pipeline, field, value)
    if data.sync_mode is not None:
        pipeline.sync_mode = data.sync_mode.value
    if data.clear_schedule:
        pipeline.schedule_cron = None


def _validate(session: Session, cipher: Cipher | None, pipeline: Pipeline) -> None:
    pipeline.name = (pipeline.name or "").strip()
    if not pipeline.name:
        raise InvalidInputError("the pipeline needs a name", field="name")
    clash = session.scalars(
        select(Pipeline).where(Pipeline.name == pipeline.name, Pipeline.id != (pipeline.id or -1))
    ).first()
    if clash:
        raise ConflictError(f"a pipeline named {pipeline.name!r} already exists")
    if pipeline.drift_policy not in DRIFT_POLICIES:
        raise InvalidInputError("drift_policy must be 'evolve' or 'freeze'", field="drift_policy")
    if not 1 <= pipeline.max_parallel_streams <= 32:
        msg = "max_parallel_streams must be between 1 and 32"
        raise InvalidInputError(msg, field="max_parallel_streams")
    if pipeline.webhook_url is not None and not pipeline.webhook_url.strip():
        pipeline.webhook_url = None  # an empty URL removes the webhook
    if not 1 <= pipeline.retry_max_attempts <= 20:
        raise InvalidInputError(
            "retry_max_attempts must be between 1 and 20", field="retry_max_attempts"
        )
    if not 0 <= pipeline.retry_backoff_seconds <= 3600:
        msg = "retry_backoff_seconds must be between 0 and 3600"
        raise InvalidInputError(msg, field="retry_backoff_seconds")
    if pipeline.webhook_url and not pipeline.webhook_url.startswith(("http://", "https://")):
        raise InvalidInputError("webhook_url must be an http(s) URL", field="webhook_url")
    scheduling.zone(pipeline.schedule_timezone)
    if pipeline.schedule_cron:
        pipeline.schedule_cron = scheduling.validate_cron(
            pipeline.schedule_cron, pipeline.schedule_timezone
        )
    source = _connection(session, pipeline.source_connection_id, is_source=True)
    _connection(session, pipeline.destination_connection_id, is_source=False)
    source_config = parse_source_config(pipeline.source_config)
    parse_destination_config(pipeline.destination_config)
    if not source_config.streams and not source_config.queries:
        raise InvalidInputError("select at least one stream", field="source_config.streams")
    catalog = _catalog_for(session, cipher, source)
    specs = _query_specs(session, cipher, source, source_config.queries)
    sync_plan(pipeline, configured_streams(pipeline, catalog, specs))
    pipeline.next_run_at = (
        scheduling.next_run(pipeline.schedule_cron, pipeline.schedule_timezone, utcnow())
        if pipeline.enabled
        else None
    )


def create_pipeline(session: Session, cipher: Cipher | None, data: PipelineInput) -> Pipeline:
    """Validate and store a new pipeline (streams checked against the source's catalog)."""
    for required in ("name", "source_connection_id", "destination_connection_id"):
        if getattr(data, required) is None:
            raise InvalidInputError(f"{required} is required", field=required)
    pipeline = Pipeline(
        name="",
        source_config={"streams": []},
        destination_config={},
        sync_mode=SyncMode.FULL_REFRESH.value,
        schedule_timezone="UTC",
        enabled=True,
        drift_policy="evolve",
        max_parallel_streams=2,
        retry_max_attempts=3,
        retry_backoff_seconds=10,
        notify_on_success=False,
    )
    _apply(pipeline, data)
    _validate(session, cipher, pipeline)
    session.add(pipeline)
    session.flush()
    return pipeline


def update_pipeline(
    session: Session, cipher: Cipher | None, pipeline_id: int, data: PipelineInput
) -> Pipeline:
    """Apply the given fields and re-validate the whole pipeline."""
    pipeline = get_pipeline(session, pipeline_id)
    with session.no_autoflush:
        _apply(pipeline, data)
        _validate(session, cipher, pipeline)
    pipeline.updated_at = utcnow()
    session.flush()
    return pipeline


def delete_pipeline(session: Session, pipeline_id: int) -> None:
    """Delete a pipeline with its jobs, logs and state (refused while a job is active)."""
    from sluice.core.jobs import active_job

    pipeline = get_pipeline(session, pipeline_id)
    if active_job(session, pipeline.id) is not None:
        raise ConflictError(f"pipeline {pipeline.name!r} has a job running: cancel it first")
    session.delete(pipeline)
    session.flush()
