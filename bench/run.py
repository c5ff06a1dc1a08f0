"""Sluice vs dlt vs Sling, side by side in one run: rows/s, peak RSS and ratios.

Usage (from the repo root, with Sluice's venv; the peers live in ``bench/.venv-peers``, see
docs/benchmarks.md)::

    .venv/bin/python bench/run.py                 # full: pgbench -s 20 (2 M rows) + wide 1 M
    .venv/bin/python bench/run.py --quick         # smoke: scale 2 + wide 100 k
    .venv/bin/python bench/run.py --only sluice   # or dlt / sling (repeatable)

Every measurement is its own child process, run one at a time (the machine has 2 cores). Before
each run the destination database is recreated, the output directory emptied and a CHECKPOINT
issued (untimed). After it, the destination's row count is checked: a wrong count is reported
as INVALID, never as a speed. ``seconds`` is the child's in-process timer around the transfer
(connections included, interpreter start-up and imports excluded) for Sluice and dlt, and the
process wall time for Sling (a CLI). ``rows/s`` = rows / seconds. Results go to
``bench/results/<timestamp>.json``; child logs to ``bench/results/logs/<timestamp>/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import data, peers, report
from bench.measure import count_csv_rows, count_parquet_rows, run_child

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"
DLT_DEFAULT_TIMEOUT = 300.0


@dataclass(frozen=True)
class Spec:
    """One thing to measure."""

    table: str  # pgbench_accounts | wide
    target: str  # pg | file
    tool: str  # sluice | dlt | sling
    config: str
    label: str
    reference: bool = False  # the Sluice run peers are compared against
    timeout: float = 900.0

    @property
    def key(self) -> str:
        return f"{self.table}.{self.target}.{self.tool}.{self.config}"

    @property
    def workload(self) -> str:
        return f"{self.table} PG→{'PG' if self.target == 'pg' else 'file'}"


@dataclass
class Attempt:
    """One measured run."""

    key: str
    status: str  # ok | INVALID | FAILED | TIMEOUT
    seconds: float | None
    wall_seconds: float
    peak_rss_mb: float
    rows_expected: int
    rows_found: int | None
    rows_per_second: float | None
    details: dict[str, Any] = field(default_factory=dict)
    log: str = ""


def specs() -> list[Spec]:
    out: list[Spec] = []
    for table in ("pgbench_accounts", "wide"):
        out += [
            Spec(table, "pg", "sluice", "relay", "Sluice (engine default)", reference=True),
            Spec(table, "pg", "sluice", "arrow", "Sluice, relay off (Arrow batches)"),
            Spec(table, "pg", "dlt", "best", "dlt connectorx + parquet/ADBC (best)"),
            Spec(table, "pg", "dlt", "pyarrow", "dlt pyarrow + csv/COPY"),
            Spec(
                table,
                "pg",
                "dlt",
                "default",
                "dlt defaults (sqlalchemy + insert_values)",
                timeout=DLT_DEFAULT_TIMEOUT,
            ),
            Spec(table, "pg", "sling", "pg", "Sling 1.4.11 full-refresh"),
            Spec(table, "file", "sluice", "parquet", "Sluice → Parquet", reference=True),
            Spec(table, "file", "dlt", "best", "dlt connectorx → filesystem Parquet"),
            Spec(table, "file", "sling", "csv", "Sling → CSV (its Parquet path is broken offline)"),
        ]
    return out


@dataclass
class Context:
    server: data.Server
    dataset: data.DataSet
    out_dir: Path
    log_dir: Path


def _command(spec: Spec, ctx: Context, result: Path) -> tuple[list[str], dict[str, str] | None]:
    src_db, dst_db = ctx.dataset.src_db, ctx.dataset.dst_db
    server = ctx.server
    if spec.tool == "sluice":
        cmd = [sys.executable, "-m", "bench.sluice_runs", "--src-dsn", server.dsn(src_db)]
        cmd += ["--table", spec.table, "--result", str(result)]
        if spec.target == "pg":
            cmd += ["--dest", "pg", "--dst-dsn", server.dsn(dst_db)]
            if spec.config == "arrow":
                cmd.append("--no-relay")
        else:
            cmd += ["--dest", "parquet", "--out-dir", str(ctx.out_dir)]
        return cmd, None
    if spec.tool == "dlt":
        cmd = [str(peers.peers_python()), "-m", "bench.peers", "dlt", "--config", spec.config]
        cmd += ["--src-url", server.url(src_db, dummy_password=True), "--table", spec.table]
        cmd += ["--dataset", f"dlt_{spec.config}", "--result", str(result)]
        if spec.target == "pg":
            cmd += ["--dst-url", server.url(dst_db, dummy_password=True)]
        else:
            cmd += ["--out-dir", str(ctx.out_dir)]
        env = {**os.environ, "RUNTIME__DLTHUB_TELEMETRY": "false"}
        return cmd, env
    return peers.sling_command(
        src_url=server.url(src_db, query="sslmode=disable"),
        table=spec.table,
        dst_url=server.url(dst_db, query="sslmode=disable") if spec.target == "pg" else None,
        csv_path=ctx.out_dir / f"{spec.table}.csv",
        home=ctx.out_dir.parent / "sling-home",
    )


def _destination_rows(spec: Spec, ctx: Context) -> int | None:
    dst_db = ctx.dataset.dst_db
    if spec.target == "pg":
        schema = {"sluice": "sluice", "dlt": f"dlt_{spec.config}", "sling": "sling"}[spec.tool]
        return data.count_rows(ctx.server, dst_db, f"{schema}.{spec.table}")
    if spec.tool == "sluice":
        return count_parquet_rows(ctx.out_dir / "sluice")
    if spec.tool == "dlt":
        return count_parquet_rows(ctx.out_dir / f"dlt_{spec.config}" / spec.table)
    return count_csv_rows(ctx.out_dir / f"{spec.table}.csv")


def _reset(ctx: Context) -> None:
    data.recreate_database(ctx.server, ctx.dataset.dst_db)
    shutil.rmtree(ctx.out_dir, ignore_errors=True)
    ctx.out_dir.mkdir(parents=True)
    data.checkpoint(ctx.server)


def measure(spec: Spec, ctx: Context, index: int) -> Attempt:
    _reset(ctx)
    load_before = os.getloadavg()[0]
    result_path = ctx.out_dir.parent / "child-result.json"
    cmd, env = _command(spec, ctx, result_path)
    log = ctx.log_dir / f"{index:02d}-{spec.key}.log"
    child = run_child(
        cmd,
        env=env,
        cwd=REPO,
        log_path=log,
        result_path=None if spec.tool == "sling" else result_path,
        timeout=spec.timeout,
    )
    expected = ctx.dataset.rows(spec.table)
    details = dict(child.result or {})
    # other work on the machine skews the figures; keep the 1-minute load average as a hint
    details["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    seconds = child.wall_seconds if spec.tool == "sling" else details.pop("seconds", None)
    found = None
    status = "ok"
    if child.timed_out:
        status, seconds = "TIMEOUT", None
        details["error"] = f"killed after {spec.timeout:.0f} s"
    elif child.returncode != 0 or (child.result is not None and not child.result.get("ok")):
        status, seconds = "FAILED", None
        details.setdefault("error", f"exit code {child.returncode}")
    else:
        found = _destination_rows(spec, ctx)
        if found != expected:
            status = "INVALID"
    rate = expected / seconds if status == "ok" and seconds else None
    _reset_quietly(ctx)
    return Attempt(
        key=spec.key,
        status=status,
        seconds=seconds,
        wall_seconds=child.wall_seconds,
        peak_rss_mb=child.peak_rss_mb,
        rows_expected=expected,
        rows_found=found,
        rows_per_second=rate,
        details=details,
        log=str(log.relative_to(REPO)),
    )


def _reset_quietly(ctx: Context) -> None:
    data.drop_database(ctx.server, ctx.dataset.dst_db)
    shutil.rmtree(ctx.out_dir, ignore_errors=True)


def summarize(chosen: list[Spec], attempts: list[Attempt]) -> list[dict[str, Any]]:
    """One row per spec: medians over its valid attempts, else the failure."""
    rows = []
    for spec in chosen:
        mine = [a for a in attempts if a.key == spec.key]
        good = [a for a in mine if a.status == "ok"]
        pick = good or mine
        row: dict[str, Any] = {**asdict(spec), "key": spec.key, "workload": spec.workload}
        row["runs"] = len(mine)
        row["status"] = "ok" if good else (mine[-1].status if mine else "not run")
        row["seconds"] = statistics.median(a.seconds for a in good) if good else None
        row["wall_seconds"] = statistics.median(a.wall_seconds for a in pick) if pick else None
        row["rows_per_second"] = (
            statistics.median(a.rows_per_second for a in good if a.rows_per_second)
            if good
            else None
        )
        rates = [a.rows_per_second for a in good if a.rows_per_second]
        row["rows_per_second_min"] = min(rates) if rates else None
        row["rows_per_second_max"] = max(rates) if rates else None
        row["peak_rss_mb"] = statistics.median(a.peak_rss_mb for a in pick) if pick else None
        row["rows_found"] = pick[-1].rows_found if pick else None
        row["rows_expected"] = pick[-1].rows_expected if pick else None
        row["details"] = pick[-1].details if pick else {}
        rows.append(row)
    return rows


def machine_info(server: data.Server) -> dict[str, Any]:
    cpu = "?"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    import psycopg
    import pyarrow

    import sluice

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "sluice": getattr(sluice, "__version__", "?"),
        "pyarrow": pyarrow.__version__,
        "psycopg": psycopg.__version__,
        "peers": peers.peer_versions(),
        "postgres": data.server_info(server),
    }


def reprint(path: Path) -> None:
    """Print the tables of an earlier results file (recomputed from its attempts)."""
    payload = json.loads(path.read_text())
    names = set(Spec.__dataclass_fields__)
    chosen = [Spec(**{k: v for k, v in row.items() if k in names}) for row in payload["summary"]]
    attempts = [Attempt(**a) for a in payload["attempts"]]
    rows = summarize(chosen, attempts)
    print(report.table(rows))
    print()
    print(report.goals(rows))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--dsn", default=data.DEFAULT_DSN, help="server to use (database ignored)")
    parser.add_argument("--quick", action="store_true", help="scale 2 and a 100k-row wide table")
    parser.add_argument("--only", action="append", choices=["sluice", "dlt", "sling"])
    parser.add_argument("--tables", default="pgbench_accounts,wide")
    parser.add_argument("--repeat", type=int, default=1, help="round-robin repetitions (median)")
    parser.add_argument("--reload", action="store_true", help="rebuild the source data")
    parser.add_argument("--skip-dlt-default", action="store_true")
    parser.add_argument("--report", metavar="JSON", help="re-print the tables of a results file")
    args = parser.parse_args()
    if args.report:
        reprint(Path(args.report))
        return

    server = data.Server.from_dsn(args.dsn)
    dataset = data.QUICK if args.quick else data.FULL
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    ctx = Context(server, dataset, RESULTS / "work" / "out", RESULTS / "logs" / stamp)
    data.ensure(server, dataset, reload=args.reload)

    tables = set(args.tables.split(","))
    chosen = [
        s
        for s in specs()
        if s.table in tables
        and (not args.only or s.tool in args.only)
        and not (args.skip_dlt_default and s.tool == "dlt" and s.config == "default")
    ]
    if any(s.tool != "sluice" for s in chosen) and not peers.peers_python().exists():
        sys.exit("bench/.venv-peers is missing; see docs/benchmarks.md (or use --only sluice)")
    attempts: list[Attempt] = []
    total = len(chosen) * args.repeat
    for rep in range(args.repeat):
        for spec in chosen:
            n = len(attempts) + 1
            print(f"[{n}/{total}] {spec.workload}: {spec.label} ...", end=" ", flush=True)
            attempt = measure(spec, ctx, n)
            attempts.append(attempt)
            print(report.one_line(attempt), flush=True)
        del rep
    shutil.rmtree(RESULTS / "work", ignore_errors=True)

    rows = summarize(chosen, attempts)
    info = machine_info(server)
    print()
    print(report.table(rows))
    print()
    print(report.goals(rows))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{stamp}.json"
    payload = {
        "timestamp": stamp,
        "quick": args.quick,
        "dataset": asdict(dataset),
        "machine": info,
        "summary": rows,
        "attempts": [asdict(a) for a in attempts],
    }
    out.write_text(json.dumps(payload, indent=2, default=str))
    print(f"\nresults: {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
