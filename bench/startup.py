"""Embedded server start time and idle memory.

Starts ``sluice up`` on a fresh data dir (SQLite, in-process everything), measures the wall time
until ``GET /api/health`` answers, waits for the process to settle, and reads its resident memory
(VmRSS) from /proc. Usage: ``.venv/bin/python bench/startup.py [--runs 3]``.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def one_run() -> tuple[float, float]:
    port = free_port()
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "SLUICE_DATA_DIR": data_dir, "SLUICE_LOG_LEVEL": "WARNING"}
        sluice = Path(sys.executable).parent / "sluice"
        started = time.perf_counter()
        proc = subprocess.Popen(
            [str(sluice), "up", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://127.0.0.1:{port}/api/health"
            while True:
                try:
                    with urllib.request.urlopen(url, timeout=1) as resp:
                        if resp.status == 200:
                            break
                except OSError:
                    if proc.poll() is not None:
                        raise RuntimeError("sluice up exited early") from None
                    time.sleep(0.02)
            ready = time.perf_counter() - started
            time.sleep(2.0)
            return ready, rss_mb(proc.pid)
        finally:
            proc.terminate()
            proc.wait(timeout=15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results = [one_run() for _ in range(args.runs)]
    starts = [r[0] for r in results]
    rss = [r[1] for r in results]
    print(f"embedded start (fresh data dir, migrate + serve) over {args.runs} runs:")
    print(
        f"  time to first /api/health: median {statistics.median(starts):.2f} s "
        f"(min {min(starts):.2f}, max {max(starts):.2f})"
    )
    print(
        f"  idle RSS after 2 s:        median {statistics.median(rss):.0f} MB "
        f"(min {min(rss):.0f}, max {max(rss):.0f})"
    )


if __name__ == "__main__":
    main()
