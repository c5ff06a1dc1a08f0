"""``sluice``: run the server, migrate the database, set up a fresh installation."""

from __future__ import annotations

import logging
import time
from typing import Annotated

import typer
from rich.console import Console

from sluice import __version__
from sluice.cli import connections as connections_cli
from sluice.cli import pipelines as pipelines_cli
from sluice.settings import SluiceSettings

app = typer.Typer(
    name="sluice",
    help="Sluice: self-hosted data integration. Move data from sources to destinations on a "
    "schedule, and watch it live in a web UI.",
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_show_locals=False,
)
db_app = typer.Typer(help="Manage the metadata database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(connections_cli.app, name="connections")
app.add_typer(pipelines_cli.app, name="pipelines")

console = Console()
err_console = Console(stderr=True)


def configure_logging(settings: SluiceSettings) -> None:
    """Plain, timestamped logs on stderr at the configured level."""
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)-7s %(name)s: %(message)s",
    )


def load_settings() -> SluiceSettings:
    """Settings from the environment (``SLUICE_*``); built once per command."""
    return SluiceSettings()


@app.command()
def version() -> None:
    """Print the Sluice version."""
    console.print(f"sluice {__version__}")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to the metadata database."""
    from sluice.core.runtime import Runtime
    from sluice.db.migrate import current_revision, upgrade

    settings = load_settings()
    runtime = Runtime.create(settings)
    upgrade(runtime.engine)
    console.print(f"[green]database at revision {current_revision(runtime.engine)}[/green]")
    runtime.close()


@app.command()
def setup(
    admin_username: Annotated[
        str | None, typer.Option("--admin-username", help="First admin's username.")
    ] = None,
    admin_password: Annotated[
        str | None, typer.Option("--admin-password", help="First admin's password (prompted).")
    ] = None,
    master_password: Annotated[
        str | None,
        typer.Option("--master-password", help="Master password (prompted; cannot be recovered)."),
    ] = None,
) -> None:
    """First-run setup: create the master password and the first admin user."""
    from sluice.core import system
    from sluice.core.runtime import Runtime
    from sluice.db.migrate import upgrade
    from sluice.errors import SluiceError

    settings = load_settings()
    runtime = Runtime.create(settings)
    upgrade(runtime.engine)
    with runtime.unit_of_work() as session:
        if system.is_initialized(session):
            err_console.print("[red]Sluice is already set up.[/red]")
            raise typer.Exit(1)
    if master_password is None:
        console.print(
            "[yellow]The master password encrypts every stored credential. "
            "It cannot be recovered: keep it safe.[/yellow]"
        )
        master_password = typer.prompt("Master password", hide_input=True, confirmation_prompt=True)
    if admin_username is None:
        admin_username = typer.prompt("Admin username", default="admin")
    if admin_password is None:
        admin_password = typer.prompt("Admin password", hide_input=True, confirmation_prompt=True)
    try:
        with runtime.unit_of_work() as session:
            system.setup(
                session,
                runtime.keyring,
                master_password=master_password,
                admin_username=admin_username,
                admin_password=admin_password,
            )
    except SluiceError as exc:
        err_console.print(f"[red]setup failed: {exc}[/red]")
        raise typer.Exit(1) from None
    finally:
        runtime.close()
    console.print(f"[green]Sluice is set up; admin user {admin_username!r} created.[/green]")


def _serve(settings: SluiceSettings, *, migrate: bool, run_scheduler: bool) -> None:
    import uvicorn

    from sluice.api.app import create_app
    from sluice.core.runtime import Runtime
    from sluice.db.migrate import upgrade

    configure_logging(settings)
    started = time.perf_counter()
    runtime = Runtime.create(settings)
    if migrate:
        upgrade(runtime.engine)
    app_ = create_app(settings, runtime=runtime, run_scheduler=run_scheduler)
    console.print(
        f"Sluice {__version__} on [bold]http://{settings.host}:{settings.port}[/bold] "
        f"(metadata DB: {runtime.engine.url.render_as_string(hide_password=True)}; "
        f"ready in {time.perf_counter() - started:.2f} s before the server binds)"
    )
    try:
        uvicorn.run(
            app_,
            host=settings.host,
            port=settings.port,
            log_level=settings.log_level.lower(),
            access_log=False,
        )
    finally:
        runtime.close()


@app.command()
def up(
    host: Annotated[str | None, typer.Option(help="Bind address (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Start everything in one process: API, web UI, in-process worker and scheduler."""
    settings = load_settings()
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    _serve(settings.model_copy(update=updates), migrate=True, run_scheduler=True)


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Bind address.")] = None,
    port: Annotated[int | None, typer.Option(help="Port.")] = None,
) -> None:
    """Start the API server only (distributed: jobs run on `sluice worker`)."""
    settings = load_settings()
    updates = {k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    _serve(settings.model_copy(update=updates), migrate=False, run_scheduler=False)


def _register_deploy_commands() -> None:
    from sluice.cli.deploy import scheduler, worker

    app.command()(worker)
    app.command()(scheduler)


_register_deploy_commands()
