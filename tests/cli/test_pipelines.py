"""``sluice pipelines``: create (options and config file), list, and run with progress against
real PostgreSQL databases; failing, conflicting and interrupted runs exit non-zero."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg

from sluice.core import jobs
from sluice.core import pipelines as pipes
from sluice.core.runtime import Runtime
from sluice.settings import SluiceSettings
from tests.cli.conftest import Cli, pg_config


def _connections(cli: Cli, source_db: str, dest_db: str) -> None:
    for name, role, dsn in (("src", "--source", source_db), ("dst", "--destination", dest_db)):
        config = json.dumps(pg_config(dsn))
        cli.ok("connections", "create", name, "--type", "postgres", role, "--config", config)
    cli.ok("connections", "discover", "src")


def _job_status(cli: Cli, pipeline: str) -> str | None:
    runtime = Runtime.create(SluiceSettings(data_dir=cli.home / "data"))
    try:
        with runtime.unit_of_work() as session:
            found = pipes.find_pipeline(session, pipeline)
            last = jobs.list_jobs(session, pipeline_id=found.id, limit=1)
            return last[0].status if last else None
    finally:
        runtime.close()


def test_create_list_and_run_pg_to_pg(cli: Cli, source_db: str, dest_db: str) -> None:
    _connections(cli, source_db, dest_db)
    created = cli.ok(
        "pipelines", "create", "items", "--source", "src", "--destination", "dst",
        "--stream", "public.items", "--stream", "public.extra",
        "--schema", "raw", "--prefix", "src_", "--cron", "0 3 * * *",
    )  # fmt: skip
    assert "created pipeline 'items'" in created
    assert "streams: public.items, public.extra" in created
    assert "schedule: 0 3 * * *, next run" in created
    listed = cli.ok("pipelines", "list")
    row = next(line for line in listed.splitlines() if "items" in line)
    assert "src → dst" in row
    assert "0 3 * * *" in row
    assert "UTC" in row  # next run
    assert "never run" in row

    result = cli("pipelines", "run", "items")
    assert result.exit_code == 0, result.output
    assert "running pipeline items" in result.output
    summary = result.output.split("Summary")[1]
    items_row = next(line for line in summary.splitlines() if "public.items" in line)
    assert "success" in items_row
    assert "500" in items_row
    assert "public.extra" in summary
    assert "503 rows loaded" in result.output
    with psycopg.connect(dest_db) as db:
        assert db.execute("SELECT count(*), sum(price) FROM raw.src_items").fetchone() == (
            500,
            sum(g * 1.5 for g in range(1, 501)),
        )
        assert db.execute("SELECT count(*) FROM raw.src_extra").fetchone() == (3,)
    assert "success" in cli.ok("pipelines", "list")

    body = {
        "name": "items-merge",
        "source": "src",
        "destination_connection_id": 2,
        "sync_mode": "incremental",
        "source_config": {"streams": [{"name": "public.items", "cursor_field": "id"}]},
        "destination_config": {"schema": "merged", "write_mode": "merge"},
    }
    cli.ok("pipelines", "create", "--config-file", cli.write_json("p.json", body))
    assert "500 rows loaded" in cli.ok("pipelines", "run", "items-merge")
    with psycopg.connect(source_db, autocommit=True) as db:
        db.execute("INSERT INTO items VALUES (501, 'new', 1)")
    assert "1 rows loaded" in cli.ok("pipelines", "run", "items-merge")
    with psycopg.connect(dest_db) as db:
        assert db.execute("SELECT count(DISTINCT id) FROM merged.items").fetchone() == (501,)


def test_failed_run_exits_1(cli: Cli, source_db: str, tmp_path: Path) -> None:
    config = json.dumps(pg_config(source_db))
    cli.ok("connections", "create", "src", "--type", "postgres", "--source", "--config", config)
    lake = json.dumps({"directory": str(tmp_path / "lake"), "format": "parquet"})
    cli.ok("connections", "create", "lake", "--type", "file", "--destination", "--config", lake)
    cli.ok("connections", "discover", "src")
    cli.ok("pipelines", "create", "extra", "--source", "src", "--destination", "lake",
           "--stream", "public.extra")  # fmt: skip
    with psycopg.connect(source_db, autocommit=True) as db:
        db.execute("DROP TABLE extra")
    result = cli("pipelines", "run", "extra")
    assert result.exit_code == 1, result.output
    assert "job 1 failed" in result.output
    assert "unknown stream 'public.extra'" in result.output
    assert "failed" in cli.ok("pipelines", "list")


def test_readable_errors_and_active_job(cli: Cli, source_db: str, dest_db: str) -> None:
    _connections(cli, source_db, dest_db)
    base = ("--source", "src", "--destination", "dst")
    unknown = cli("pipelines", "create", "p", *base, "--stream", "public.nope")
    assert unknown.exit_code == 1
    assert "unknown stream 'public.nope'" in unknown.output
    no_cursor = cli("pipelines", "create", "p", *base, "--stream", "public.items",
                    "--sync-mode", "incremental")  # fmt: skip
    assert no_cursor.exit_code == 1
    assert "cursor" in no_cursor.output
    no_stream = cli("pipelines", "create", "p", *base)
    assert no_stream.exit_code == 1
    assert "--stream" in no_stream.output
    bad_mode = cli("pipelines", "create", "p", *base, "--stream", "x", "--sync-mode", "sideways")
    assert bad_mode.exit_code == 2  # usage error from Typer, listing the choices
    cli.ok("pipelines", "create", "p", *base, "--stream", "public.items")
    duplicate = cli("pipelines", "create", "p", *base, "--stream", "public.items")
    assert duplicate.exit_code == 1
    assert "a pipeline named 'p' already exists" in duplicate.output
    assert "no pipeline named 'ghost'" in cli("pipelines", "run", "ghost").output

    runtime = Runtime.create(SluiceSettings(data_dir=cli.home / "data"))
    try:
        with runtime.unit_of_work() as session:
            jobs.create_sync_job(session, pipes.find_pipeline(session, "p"), trigger="manual")
    finally:
        runtime.close()
    busy = cli("pipelines", "run", "p")
    assert busy.exit_code == 1
    assert "pipeline 'p' already has job 1 pending" in busy.output


def test_ctrl_c_cancels_the_job_and_exits_130(cli: Cli) -> None:
    slow = {"streams": ["items"], "rows": 1_000_000, "batch_size": 100, "slow_ms": 20}
    cli.ok("connections", "create", "slow", "--type", "dummy", "--source",
           "--config", json.dumps(slow))  # fmt: skip
    cli.ok("connections", "create", "sink", "--type", "dummy", "--destination")
    cli.ok("pipelines", "create", "p", "--source", "slow", "--destination", "sink",
           "--stream", "items")  # fmt: skip
    sluice = Path(sys.executable).with_name("sluice")
    proc = subprocess.Popen(
        [str(sluice), "pipelines", "run", "p"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=dict(os.environ),
        # a child of a background process may inherit an ignored SIGINT
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
    )
    try:
        deadline = time.monotonic() + 60
        while _job_status(cli, "p") != "running":
            assert proc.poll() is None, proc.communicate()[0]
            assert time.monotonic() < deadline, "the job never started"
            time.sleep(0.2)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        output = proc.communicate(timeout=60)[0]
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, output
    assert "cancelling job 1" in output
    assert "job 1 cancelled" in output
    assert _job_status(cli, "p") == "cancelled"
