"""Live progress of a job run from the CLI: one rich progress bar per stream, and a summary."""

from __future__ import annotations

import threading
import time
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from sluice.cli.common import fail
from sluice.core.events import Event, InProcessEventBus
from sluice.core.jobs import JobStatus
from sluice.core.runtime import Runtime
from sluice.engine.ports import CancelFlag

EXIT_INTERRUPTED = 130
_STATUS_STYLE = {"success": "green", "failed": "red", "cancelled": "yellow", "running": "cyan"}


def styled_status(status: str | None) -> str:
    """A job or stream status in its colour (``never run`` for ``None``)."""
    if status is None:
        return "[dim]never run[/dim]"
    style = _STATUS_STYLE.get(status, "white")
    return f"[{style}]{escape(status)}[/{style}]"


class _StreamBars:
    """One progress task per stream, fed from the event bus (called from worker threads)."""

    def __init__(self, progress: Progress, job_id: int, estimates: dict[str, int]) -> None:
        self._progress = progress
        self._job_id = job_id
        self._estimates = estimates
        self._lock = threading.Lock()
        self._tasks: dict[str, TaskID] = {}

    def _task(self, stream: str) -> TaskID:
        with self._lock:
            task = self._tasks.get(stream)
            if task is None:
                task = self._progress.add_task(
                    escape(stream),
                    total=self._estimates.get(stream),
                    rows=0,
                    rate=0.0,
                    status="[cyan]running[/cyan]",
                )
                self._tasks[stream] = task
            return task

    def __call__(self, event: Event) -> None:
        if event.get("job_id") != self._job_id:
            return
        kind, stream = event.get("type"), event.get("stream")
        if kind == "log":
            level = str(event.get("level", "INFO"))
            style = "red" if level in ("ERROR", "CRITICAL") else "yellow"
            style = "dim" if level in ("INFO", "DEBUG") else style
            message = escape(str(event.get("message", "")))
            self._progress.console.print(f"[{style}]{level.lower()}: {message}[/{style}]")
        elif kind == "progress" and stream:
            self._progress.update(
                self._task(stream),
                completed=int(event.get("records_loaded", 0)),
                rows=int(event.get("records_loaded", 0)),
                rate=float(event.get("rows_per_second", 0.0)),
            )
        elif kind == "stream" and stream:
            self._stream(stream, event)

    def _stream(self, stream: str, event: Event) -> None:
        task = self._task(stream)
        status = str(event.get("status", ""))
        if status == "running":
            return
        loaded = int(event.get("records_loaded", 0))
        self._progress.update(
            task,
            total=max(loaded, 1),
            completed=max(loaded, 1) if status == JobStatus.SUCCESS.value else loaded,
            rows=loaded,
            rate=float(event.get("rows_per_second", 0.0)),
            status=styled_status(status),
        )
        self._progress.stop_task(task)


def run_with_progress(
    runtime: Runtime, job_id: int, console: Console, estimates: dict[str, int]
) -> bool:
    """Execute the pending job in a worker thread while rendering one progress bar per stream;
    return whether the user pressed Ctrl-C. The first Ctrl-C cancels the job and waits for it
    to stop; a second one leaves at once (the job is then failed by its missing heartbeat)."""
    from sluice.worker.execute import execute_job

    events = InProcessEventBus()
    flag = CancelFlag()
    result: list[JobStatus | None] = []
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[rows]:>12,} rows"),
        TextColumn("{task.fields[rate]:>10,.0f} rows/s"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[status]}"),
        console=console,
    )
    done = threading.Event()

    def work() -> None:
        try:
            result.append(execute_job(runtime, job_id, events=events, cancel=flag))
        finally:
            done.set()

    unsubscribe = events.subscribe(_StreamBars(progress, job_id, estimates))
    worker = threading.Thread(target=work, name=f"sluice-job-{job_id}", daemon=True)
    interrupted = False
    try:
        with progress:
            worker.start()
            while not done.is_set():
                # sleep, not Thread.join: a join interrupted by Ctrl-C can wrongly report the
                # thread as finished on Python < 3.13
                try:
                    time.sleep(0.1)
                except KeyboardInterrupt:
                    if interrupted:
                        raise
                    interrupted = True
                    flag.cancel()
                    console.print(
                        f"[yellow]cancelling job {job_id}: waiting for the streams to stop "
                        "(Ctrl-C again to leave now)[/yellow]"
                    )
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
    finally:
        unsubscribe()
    if not interrupted and (not result or result[0] is None):
        fail(f"job {job_id} was taken by another worker or cancelled before it started")
    return interrupted


def summary_table(result: dict[str, Any] | None, stats: dict[str, Any]) -> Table:
    """Per stream: status, rows extracted/loaded/failed, duration and error."""
    table = Table(title="Summary", title_justify="left")
    table.add_column("stream", overflow="fold")
    table.add_column("status")
    for column in ("extracted", "loaded", "failed", "duration"):
        table.add_column(column, justify="right")
    rows: list[dict[str, Any]] = list((result or {}).get("streams") or [])
    if not rows:
        rows = [{"stream": name, **values} for name, values in stats.items()]
    errors = any(row.get("error") for row in rows)
    if errors:
        table.add_column("error", overflow="fold")
    for row in rows:
        duration = row.get("duration_seconds")
        cells = [
            escape(str(row.get("stream", "?"))),
            styled_status(str(row.get("status", "?"))),
            f"{int(row.get('records_extracted') or 0):,}",
            f"{int(row.get('records_loaded') or 0):,}",
            f"{int(row.get('records_failed') or 0):,}",
            f"{float(duration):.1f} s" if duration is not None else "-",
        ]
        if errors:
            cells.append(escape(str(row.get("error") or "")))
        table.add_row(*cells)
    return table
