"""One Sluice sync in its own process, through the real engine (``run_sync``).

Run by ``bench/run.py`` as ``python -m bench.sluice_runs --src-dsn ... --table ... --dest pg``.
Writes a JSON result (seconds, rows, whether the binary relay was used) to ``--result``.

- ``--dest pg``: the ``postgres`` destination, ``full_refresh`` (overwrite with atomic swap).
  The engine picks the binary COPY relay on its own when both ends allow it.
- ``--dest pg --no-relay``: the same, but the destination class is wrapped so that it does not
  declare ``Capability.POSTGRES_BINARY_COPY``; the engine then moves Arrow batches
  (COPY csv -> pyarrow.csv -> Arrow -> pyarrow.csv writer -> COPY csv).
- ``--dest parquet``: the ``file`` destination (Parquet).
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path
from typing import Any

from psycopg import conninfo


def _pg_config(dsn: str) -> Any:
    from sluice.connectors.builtin.postgres.config import PostgresConfig

    parts = conninfo.conninfo_to_dict(dsn)
    raw: dict[str, Any] = {
        "host": parts.get("host") or "127.0.0.1",
        "port": int(parts.get("port") or 5432),
        "database": parts["dbname"],
        "username": parts.get("user") or "postgres",
        "sslmode": parts.get("sslmode") or "prefer",
    }
    if parts.get("password"):
        raw["password"] = parts["password"]
    return PostgresConfig.model_validate(raw)


def _without_relay(destination_class: type) -> type:
    """A subclass of ``destination_class`` that does not offer the binary COPY relay."""
    from sluice.connectors.sdk import Capability

    caps = frozenset(destination_class.capabilities) - {Capability.POSTGRES_BINARY_COPY}
    return type(
        f"NoRelay{destination_class.__name__}", (destination_class,), {"capabilities": caps}
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src-dsn", required=True)
    parser.add_argument("--dst-dsn", help="destination database (for --dest pg)")
    parser.add_argument("--out-dir", help="output directory (for --dest parquet)")
    parser.add_argument("--table", required=True)
    parser.add_argument("--dest", choices=["pg", "parquet"], required=True)
    parser.add_argument("--no-relay", action="store_true")
    parser.add_argument("--namespace", default="sluice")
    parser.add_argument("--result", required=True)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")

    started = time.perf_counter()
    from sluice.connectors.builtin.file.config import FileConfig
    from sluice.connectors.registry import get_connector
    from sluice.connectors.sdk import ConfiguredStream, SyncMode
    from sluice.engine import CancelFlag, MemoryStateStore, NullReporter, build_plan, run_sync

    imported = time.perf_counter()
    postgres = get_connector("postgres")
    src_config = _pg_config(args.src_dsn)
    source_class = postgres.source_class()
    if args.dest == "pg":
        dst_config: Any = _pg_config(args.dst_dsn)
        destination_class = postgres.destination_class()
        if args.no_relay:
            destination_class = _without_relay(destination_class)
    else:
        dst_config = FileConfig(directory=args.out_dir, format="parquet")
        destination_class = get_connector("file").destination_class()

    t0 = time.perf_counter()
    with source_class(src_config) as source:
        spec = source.discover().get(f"public.{args.table}")
    configured = ConfiguredStream(stream=spec, sync_mode=SyncMode.FULL_REFRESH)
    plan = build_plan([configured], namespace=args.namespace, names={spec.name: args.table})
    t1 = time.perf_counter()
    result = run_sync(
        lambda: source_class(src_config),
        lambda: destination_class(dst_config),
        plan,
        state_store=MemoryStateStore(),
        reporter=NullReporter(),
        cancel=CancelFlag(),
    )
    t2 = time.perf_counter()
    stream = result.streams[0]
    out = {
        "ok": stream.status == "success",
        "error": stream.error,
        "seconds": t2 - t1,
        "discover_seconds": t1 - t0,
        "import_seconds": imported - started,
        "rows": stream.records_loaded,
        "binary_copy": stream.binary_copy,
        "destination_class": destination_class.__name__,
    }
    Path(args.result).write_text(json.dumps(out))


if __name__ == "__main__":
    main()
