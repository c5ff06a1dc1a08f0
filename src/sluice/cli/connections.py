"""``sluice connections``: list, create, test and discover connections."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from sluice.cli.common import (
    MasterPasswordFileOption,
    cli_errors,
    fail,
    open_runtime,
    out,
    parse_json_object,
    read_json_file,
    when,
)
from sluice.core import connections as conns

app = typer.Typer(help="Manage connections to sources and destinations.", no_args_is_help=True)


@app.command("list")
def list_() -> None:
    """List every connection with its last test result."""
    with cli_errors(), open_runtime() as runtime, runtime.unit_of_work() as session:
        found = conns.list_connections(session)
        table = Table(title="Connections", title_justify="left")
        for column in ("id", "name", "connector", "role", "last test", "tested at"):
            table.add_column(column, overflow="fold")
        for conn in found:
            if conn.last_test_ok is None:
                test = "[dim]never[/dim]"
            else:
                test = "[green]ok[/green]" if conn.last_test_ok else "[red]failed[/red]"
            table.add_row(
                str(conn.id),
                escape(conn.name),
                conn.connector_type,
                "source" if conn.is_source else "destination",
                test,
                when(conn.last_tested_at),
            )
    console = out()
    if not found:
        console.print("No connections yet: add one with `sluice connections create`.")
        return
    console.print(table)


def parse_assignments(items: list[str]) -> dict[str, Any]:
    """``key=value`` (a string) or ``key:=json`` (a JSON value: number, list, ``true``...)."""
    config: dict[str, Any] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.rstrip(":"):
            fail(f"--set expects key=value or key:=json, got {item!r}")
        if key.endswith(":"):
            key = key[:-1]
            try:
                config[key] = json.loads(value)
            except json.JSONDecodeError as exc:
                fail(f"--set {key}:= needs a JSON value: {exc}")
        else:
            config[key] = value
    return config


def build_config(
    config: str | None, config_file: Path | None, assignments: list[str]
) -> dict[str, Any]:
    """Merge the config sources: the file, then ``--config``, then each ``--set``."""
    merged: dict[str, Any] = {}
    if config_file is not None:
        merged.update(read_json_file(config_file, "config file"))
    if config is not None:
        merged.update(parse_json_object(config, "--config"))
    merged.update(parse_assignments(assignments))
    return merged


@app.command()
def create(
    *,
    name: Annotated[str, typer.Argument(help="A unique name for the connection.")],
    connector_type: Annotated[
        str, typer.Option("--type", "-t", help="Connector: postgres, file, dummy...")
    ],
    is_source: Annotated[
        bool | None,
        typer.Option("--source/--destination", help="Use the connection as a source or a sink."),
    ] = None,
    config: Annotated[
        str | None, typer.Option("--config", "-c", help="Connector config as a JSON object.")
    ] = None,
    config_file: Annotated[
        Path | None, typer.Option("--config-file", help="Connector config in a JSON file.")
    ] = None,
    assignments: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help="One config field: key=value (a string) or key:=json. Repeatable; wins over "
            "--config and --config-file.",
        ),
    ] = None,
    master_password_file: MasterPasswordFileOption = None,
) -> None:
    """Create a connection; its config is validated and stored encrypted."""
    if is_source is None:
        fail("say whether the connection is a --source or a --destination")
    data = build_config(config, config_file, assignments or [])
    with (
        cli_errors(),
        open_runtime(unlock=True, master_password_file=master_password_file) as runtime,
        runtime.unit_of_work() as session,
    ):
        cipher = runtime.keyring.cipher()
        conn = conns.create_connection(
            session,
            cipher,
            name=name,
            connector_type=connector_type,
            is_source=is_source,
            config=data,
        )
        conn_id, conn_name, role = conn.id, conn.name, "source" if is_source else "destination"
        masked = conns.masked_config(cipher, conn)
    console = out()
    console.print(
        f"[green]created {role} connection {escape(conn_name)!r} (id {conn_id}, "
        f"{escape(connector_type)})[/green]"
    )
    console.print_json(data=masked)


@app.command("test")
def check_connection(
    name_or_id: Annotated[str, typer.Argument(help="Connection name or id.")],
    master_password_file: MasterPasswordFileOption = None,
) -> None:
    """Check that Sluice can reach the connection (exit code 1 when it cannot)."""
    with (
        cli_errors(),
        open_runtime(unlock=True, master_password_file=master_password_file) as runtime,
        runtime.unit_of_work() as session,
    ):
        conn = conns.find_connection(session, name_or_id)
        conn_name = conn.name
        outcome = conns.test_connection(session, runtime.keyring.cipher(), conn.id)
    message = f": {escape(outcome.message)}" if outcome.message else ""
    if outcome.ok:
        out().print(f"[green]ok[/green] {escape(conn_name)}{message}")
        return
    out().print(f"[red]failed[/red] {escape(conn_name)}{message}")
    raise typer.Exit(1)


@app.command()
def discover(
    name_or_id: Annotated[str, typer.Argument(help="Source connection name or id.")],
    master_password_file: MasterPasswordFileOption = None,
) -> None:
    """Scan a source for its streams (tables, views, files) and cache the catalog."""
    with (
        cli_errors(),
        open_runtime(unlock=True, master_password_file=master_password_file) as runtime,
        runtime.unit_of_work() as session,
    ):
        conn = conns.find_connection(session, name_or_id)
        conn_name = conn.name
        cached = conns.discover(session, runtime.keyring.cipher(), conn.id)
    streams: list[dict[str, Any]] = cached.catalog.get("streams", [])
    table = Table(title=f"Streams of {escape(conn_name)}", title_justify="left")
    table.add_column("stream", overflow="fold")
    table.add_column("kind")
    table.add_column("columns", justify="right")
    table.add_column("primary key", overflow="fold")
    table.add_column("rows (est.)", justify="right")
    for stream in streams:
        estimate = stream.get("row_estimate")
        table.add_row(
            escape(str(stream["name"])),
            str(stream.get("kind") or "table"),
            str(len(stream.get("columns") or ())),
            escape(", ".join(stream.get("primary_key") or ())) or "-",
            f"{estimate:,}" if isinstance(estimate, int) and estimate >= 0 else "-",
        )
    console = out()
    console.print(table)
    console.print(f"{len(streams)} stream(s) discovered")
