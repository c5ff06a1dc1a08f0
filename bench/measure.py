"""Run one measurement as a child process and read its peak RSS from ``wait4``.

``wait4`` returns the child's own ``rusage``; on Linux its ``ru_maxrss`` is the peak resident
set of the child or of the largest descendant it waited for, so every run is measured on its
own (``RUSAGE_CHILDREN`` of the harness would only ever grow). The PostgreSQL server's memory is
not included.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class ChildRun:
    """What one child process did."""

    returncode: int
    wall_seconds: float
    peak_rss_mb: float
    timed_out: bool
    result: dict[str, Any] | None


def run_child(
    cmd: list[str],
    *,
    env: dict[str, str] | None,
    cwd: Path,
    log_path: Path,
    result_path: Path | None,
    timeout: float,
) -> ChildRun:
    """Run ``cmd`` to completion (killing its process group after ``timeout`` seconds).

    Output goes to ``log_path``. When ``result_path`` is given the child is expected to write
    a JSON object there, returned as ``result``.
    """
    if result_path is not None:
        result_path.unlink(missing_ok=True)
    log_path.parent.mkdir(parents=True, exist_ok=True)
    timed_out = threading.Event()
    with log_path.open("wb") as log:
        log.write((" ".join(cmd) + "\n\n").encode())
        log.flush()
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        # the child's descendants (if any outlived it) go with its group
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    result = None
    if result_path is not None and result_path.is_file():
        result = json.loads(result_path.read_text())
    return ChildRun(
        returncode=proc.returncode,
        wall_seconds=wall,
        peak_rss_mb=usage.ru_maxrss / 1024,
        timed_out=timed_out.is_set(),
        result=result,
    )


def count_parquet_rows(root: Path) -> int | None:
    """Rows in every ``*.parquet`` file under ``root`` (``None`` when there is none)."""
    import pyarrow.parquet as pq

    files = [f for f in root.rglob("*.parquet") if not f.name.startswith(".")]
    if not files:
        return None
    return sum(pq.ParquetFile(f).metadata.num_rows for f in files)


def count_csv_rows(path: Path) -> int | None:
    """Data rows of a CSV file with a header (values may contain quoted newlines)."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    if not path.is_file():
        return None
    with path.open("rb") as handle:
        header = handle.readline().decode().strip().split(",")
    first = header[0].strip('"')
    convert = pacsv.ConvertOptions(include_columns=[first], column_types={first: pa.string()})
    parse = pacsv.ParseOptions(newlines_in_values=True)
    rows = 0
    with pacsv.open_csv(path, parse_options=parse, convert_options=convert) as reader:
        for batch in reader:
            rows += batch.num_rows
    return rows
