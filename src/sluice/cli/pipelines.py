"""``sluice pipelines``: list, create and run pipelines (a run shows live progress)."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from sqlalchemy.orm import Session

from sluice.cli.common import (
    MasterPasswordFileOption,
    cli_errors,
    fail,
    open_runtime,
    out,
    read_json_file,
    when,
)
from sluice.cli.progress import (
    EXIT_INTERRUPTED,
    run_with_progress,
    styled_status,
    summary_table,
)
from sluice.connectors.sdk import SyncMode, WriteMode
from sluice.core import connections as conns
from sluice.core import jobs
from sluice.core import pipelines as pipes
from sluice.core.jobs import JobStatus
from sluice.core.pipelines import PipelineInput
from sluice.errors import InvalidInputError

app = typer.Typer(help="Manage and run pipelines.", no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """List every pipeline with its schedule and last job."""
    with cli_errors(), open_runtime() as runtime, runtime.unit_of_work() as session:
        names = {c.id: c.name for c in conns.list_connections(session)}
        found = pipes.list_pipelines(session)
        table = Table(title="Pipelines", title_justify="left")
        for column in ("id", "name", "source → destination", "schedule", "next run", "last job"):
            table.add_column(column, overflow="fold")
        latest = jobs.latest_sync_jobs(session, [p.id for p in found])
        for pipeline in found:
            last = latest.get(pipeline.id)
            source = names.get(pipeline.source_connection_id, "?")
            destination = names.get(pipeline.destination_connection_id, "?")
            schedule = pipeline.schedule_cron or "manual"
            if pipeline.schedule_cron and pipeline.schedule_timezone != "UTC":
                schedule += f" ({pipeline.schedule_timezone})"
            table.add_row(
                str(pipeline.id),
                escape(pipeline.name),
                f"{escape(source)} → {escape(destination)}",
                escape(schedule) if pipeline.enabled else f"{escape(schedule)} [dim](off)[/dim]",
                when(pipeline.next_run_at),
                styled_status(last.status if last else None),
            )
    console = out()
    if not found:
        console.print("No pipelines yet: add one with `sluice pipelines create`.")
        return
    console.print(table)


_INPUT_FIELDS = {f.name for f in dataclasses.fields(PipelineInput)} - {"clear_schedule"}


def input_from_body(session: Session, body: dict[str, Any]) -> PipelineInput:
    """A :class:`PipelineInput` from an API-shaped body; ``source`` and ``destination`` may name
    connections instead of ``source_connection_id`` / ``destination_connection_id``."""
    body = dict(body)
    for role in ("source", "destination"):
        ref = body.pop(role, None)
        if ref is not None:
            body[f"{role}_connection_id"] = conns.find_connection(session, str(ref)).id
    unknown = sorted(set(body) - _INPUT_FIELDS)
    if unknown:
        msg = f"unknown pipeline field(s) in the config file: {', '.join(unknown)}"
        raise InvalidInputError(msg)
    if body.get("sync_mode") is not None:
        try:
            body["sync_mode"] = SyncMode(body["sync_mode"])
        except ValueError:
            modes = ", ".join(m.value for m in SyncMode)
            raise InvalidInputError(f"sync_mode must be one of {modes}") from None
    return PipelineInput(**body)


def _options_body(
    *,
    streams: list[str],
    sync_mode: SyncMode | None,
    cursor: str | None,
    schema: str | None,
    prefix: str | None,
    write_mode: WriteMode | None,
    cron: str | None,
) -> dict[str, Any]:
    body: dict[str, Any] = {}
    if streams:
        selected = [{"name": s} for s in streams]
        if cursor is not None:
            for stream in selected:
                stream["cursor_field"] = cursor
        body["source_config"] = {"streams": selected}
    elif cursor is not None:
        fail("--cursor applies to the --stream options: name at least one stream")
    destination = {"schema": schema, "table_prefix": prefix, "write_mode": write_mode}
    destination = {k: v.value if isinstance(v, WriteMode) else v for k, v in destination.items()}
    if any(v is not None for v in destination.values()):
        body["destination_config"] = {k: v for k, v in destination.items() if v is not None}
    if sync_mode is not None:
        body["sync_mode"] = sync_mode.value
    if cron is not None:
        body["schedule_cron"] = cron
    return body


@app.command()
def create(
    *,
    name: Annotated[
        str | None, typer.Argument(help="A unique name (optional with --config-file).")
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", help="Source connection name or id.")
    ] = None,
    destination: Annotated[
        str | None, typer.Option("--destination", help="Destination connection name or id.")
    ] = None,
    streams: Annotated[
        list[str] | None,
        typer.Option("--stream", help="A stream from discovery, e.g. public.orders. Repeatable."),
    ] = None,
    sync_mode: Annotated[
        SyncMode | None, typer.Option("--sync-mode", help="Default sync mode of the streams.")
    ] = None,
    cursor: Annotated[
        str | None, typer.Option("--cursor", help="Cursor column of incremental streams.")
    ] = None,
    schema: Annotated[
        str | None, typer.Option("--schema", help="Destination schema (default public).")
    ] = None,
    prefix: Annotated[
        str | None, typer.Option("--prefix", help="Destination table name prefix.")
    ] = None,
    write_mode: Annotated[
        WriteMode | None,
        typer.Option("--write-mode", help="Incremental streams: append (default) or merge."),
    ] = None,
    cron: Annotated[
        str | None, typer.Option("--cron", help="5-field cron schedule, e.g. '0 * * * *'.")
    ] = None,
    config_file: Annotated[
        Path | None,
        typer.Option(
            "--config-file", help="The full pipeline as JSON (the API's body); options win."
        ),
    ] = None,
    master_password_file: MasterPasswordFileOption = None,
) -> None:
    """Create a pipeline: which streams move from a source to a destination, how, and when."""
    body = read_json_file(config_file, "config file") if config_file is not None else {}
    body.update(
        _options_body(
            streams=streams or [],
            sync_mode=sync_mode,
            cursor=cursor,
            schema=schema,
            prefix=prefix,
            write_mode=write_mode,
            cron=cron,
        )
    )
    for key, value in (("name", name), ("source", source), ("destination", destination)):
        if value is not None:
            body.pop(f"{key}_connection_id", None)
            body[key] = value
    for required in ("name", "source", "destination"):
        if required not in body and f"{required}_connection_id" not in body:
            fail(f"the pipeline needs a {required} (argument/option or --config-file)")
    if "source_config" not in body:
        fail("select at least one --stream (or give source_config in --config-file)")
    with (
        cli_errors(),
        open_runtime(unlock=True, master_password_file=master_password_file) as runtime,
        runtime.unit_of_work() as session,
    ):
        pipeline = pipes.create_pipeline(
            session, runtime.keyring.cipher(), input_from_body(session, body)
        )
        pipeline_id, pipeline_name = pipeline.id, pipeline.name
        selected = [s["name"] for s in pipeline.source_config.get("streams", [])]
        selected += [q["name"] for q in pipeline.source_config.get("queries", [])]
        schedule, next_run = pipeline.schedule_cron, pipeline.next_run_at
    console = out()
    console.print(f"[green]created pipeline {escape(pipeline_name)!r} (id {pipeline_id})[/green]")
    console.print(f"streams: {escape(', '.join(selected))}")
    if schedule:
        console.print(f"schedule: {escape(schedule)}, next run {when(next_run)}")
    else:
        console.print(f"schedule: manual (run it with `sluice pipelines run {pipeline_name}`)")


@app.command()
def run(
    name_or_id: Annotated[str, typer.Argument(help="Pipeline name or id.")],
    master_password_file: MasterPasswordFileOption = None,
) -> None:
    """Run a pipeline now, in this process, with live progress per stream.

    Exit code 0 on success, 1 when the job fails, 130 after Ctrl-C (which cancels the job).
    """
    console = out()
    with (
        cli_errors(),
        open_runtime(unlock=True, master_password_file=master_password_file) as runtime,
    ):
        with runtime.unit_of_work() as session:
            pipeline = pipes.find_pipeline(session, name_or_id)
            cached = conns.cached_catalog(session, pipeline.source_connection_id)
            job = jobs.create_sync_job(session, pipeline, trigger="cli")
            job_id, pipeline_name = job.id, pipeline.name
        estimates = {
            str(s["name"]): int(s["row_estimate"])
            for s in (cached.catalog.get("streams", []) if cached else [])
            if isinstance(s.get("row_estimate"), int) and s["row_estimate"] > 0
        }
        console.print(f"running pipeline [bold]{escape(pipeline_name)}[/bold] (job {job_id})")
        interrupted = run_with_progress(runtime, job_id, console, estimates)
        with runtime.unit_of_work() as session:
            finished = jobs.get_job(session, job_id)
            status, error = finished.status, finished.error
            loaded, seconds = finished.records_loaded, jobs.duration_seconds(finished)
            table = summary_table(finished.result, finished.stream_stats)
    if table.row_count:
        console.print(table)
    took = f" in {seconds:.1f} s" if seconds is not None else ""
    console.print(f"job {job_id} {styled_status(status)}: {loaded:,} rows loaded{took}")
    if status != JobStatus.SUCCESS.value and error:
        console.print(f"[red]{escape(error)}[/red]")
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    if status != JobStatus.SUCCESS.value:
        raise typer.Exit(1)
