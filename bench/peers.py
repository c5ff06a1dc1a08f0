"""The peers: dlt (a child process in the peers venv) and Sling (its bundled Go binary).

dlt child: ``bench/.venv-peers/bin/python -m bench.peers dlt --backend connectorx ...`` runs one
``pipeline.run`` of ``dlt.sources.sql_database.sql_table`` with ``write_disposition="replace"``
into Postgres or into the filesystem destination (Parquet) and writes a JSON result. Every run
gets a fresh ``pipelines_dir`` and its own dataset, so dlt never restores state from an earlier
run (a bug the research harness once had).

dlt configurations (docs/performance-research.md §4 and §6):

- ``best``: ``backend="connectorx"`` + ``loader_file_format="parquet"`` (Postgres: ADBC load).
- ``pyarrow``: ``backend="pyarrow"`` with the destination's default loader (Postgres: csv/COPY);
  the research calls this "dlt default".
- ``default``: dlt's real defaults, ``backend="sqlalchemy"`` (Python rows), default loader
  (Postgres: insert_values).

Sling: ``sling-linux-amd64==1.4.11`` from PyPI bundles the binary (the plain ``sling`` package
downloads it at first use, which cannot work offline). Database→Parquet in Sling 1.4.11 needs a
DuckDB CLI it downloads at run time and, with a substitute, wrote incomplete files in the
research, so Sling is measured database→Postgres and database→CSV only.

This module imports only the standard library at the top: ``bench/run.py`` imports it from
Sluice's venv to build the Sling command, and dlt is imported inside the child only.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

PEERS_VENV = Path(__file__).resolve().parent / ".venv-peers"
DLT_CONFIGS = {
    # name: (backend, loader_file_format for postgres, loader_file_format for filesystem)
    "best": ("connectorx", "parquet", "parquet"),
    "pyarrow": ("pyarrow", None, "parquet"),
    "default": ("sqlalchemy", None, "parquet"),
}


def peers_python() -> Path:
    """The interpreter of the peers venv."""
    return PEERS_VENV / "bin" / "python"


def sling_binary() -> Path | None:
    """The Go binary inside the ``sling-linux-amd64`` wheel, if installed."""
    found = sorted(
        PEERS_VENV.glob("lib/python*/site-packages/sling_linux_amd64/bin/sling-linux-amd64")
    )
    return found[0] if found else None


def peer_versions() -> dict[str, str]:
    """Installed versions of the peers (read from the venv's metadata, no import)."""
    versions: dict[str, str] = {}
    for dist in PEERS_VENV.glob("lib/python*/site-packages/*.dist-info"):
        name, _, version = dist.name[: -len(".dist-info")].rpartition("-")
        key = name.lower().replace("_", "-")
        if key in {"dlt", "connectorx", "sling-linux-amd64", "adbc-driver-postgresql", "pyarrow"}:
            versions[key] = version
    return versions


def sling_command(
    *, src_url: str, table: str, dst_url: str | None, csv_path: Path | None, home: Path
) -> tuple[list[str], dict[str, str]]:
    """Command and environment for one Sling run (to Postgres when ``dst_url`` is set)."""
    binary = sling_binary()
    if binary is None:
        raise FileNotFoundError("sling-linux-amd64 is not installed in bench/.venv-peers")
    env = {
        **os.environ,
        "SLING_DISABLE_TELEMETRY": "true",
        "SLING_HOME_DIR": str(home),
        "BENCH_SRC": src_url,
    }
    cmd = [str(binary), "run", "--src-conn", "BENCH_SRC", "--src-stream", f"public.{table}"]
    if dst_url is not None:
        env["BENCH_DST"] = dst_url
        cmd += ["--tgt-conn", "BENCH_DST", "--tgt-object", f"sling.{table}"]
        cmd += ["--mode", "full-refresh"]
    else:
        assert csv_path is not None
        cmd += ["--tgt-object", f"file://{csv_path}"]
    return cmd, env


def dlt_main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="bench.peers dlt")
    parser.add_argument("--config", choices=sorted(DLT_CONFIGS), required=True)
    parser.add_argument("--src-url", required=True)
    parser.add_argument("--dst-url", help="Postgres destination URL")
    parser.add_argument("--out-dir", help="filesystem destination root (Parquet)")
    parser.add_argument("--table", required=True)
    parser.add_argument("--dataset", required=True)
    parser.add_argument("--result", required=True)
    args = parser.parse_args(argv)
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")

    started = time.perf_counter()
    import dlt
    from dlt.sources.sql_database import sql_table

    imported = time.perf_counter()
    backend, pg_format, fs_format = DLT_CONFIGS[args.config]
    if args.dst_url:
        destination = dlt.destinations.postgres(credentials=args.dst_url)
        file_format = pg_format
    else:
        destination = dlt.destinations.filesystem(bucket_url=Path(args.out_dir).as_uri())
        file_format = fs_format
    with tempfile.TemporaryDirectory(prefix="dlt-bench-") as pipelines_dir:
        t0 = time.perf_counter()
        resource = sql_table(
            credentials=args.src_url, table=args.table, schema="public", backend=backend
        )
        pipeline = dlt.pipeline(
            pipeline_name=f"bench_{args.dataset}",
            destination=destination,
            dataset_name=args.dataset,
            pipelines_dir=pipelines_dir,
        )
        kwargs = {"loader_file_format": file_format} if file_format else {}
        info = pipeline.run(resource, write_disposition="replace", **kwargs)
        t1 = time.perf_counter()
        failed = info.has_failed_jobs
        formats = sorted(
            {
                job.job_file_info.file_format
                for pkg in info.load_packages
                for job in pkg.jobs["completed_jobs"]
            }
        )
    out = {
        "ok": not failed,
        "error": "dlt reported failed jobs" if failed else None,
        "seconds": t1 - t0,
        "import_seconds": imported - started,
        "backend": backend,
        "loader_file_format": file_format or "(destination default)",
        "job_formats": formats,
    }
    Path(args.result).write_text(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] != "dlt":
        sys.exit("usage: python -m bench.peers dlt --config ... (see bench/run.py)")
    dlt_main(sys.argv[2:])
