"""Streams of one run prepare their tables at the same time in a schema that does not exist yet."""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

import psycopg
import pyarrow as pa

from sluice.connectors.builtin.postgres import PostgresConfig
from sluice.connectors.builtin.postgres.destination import PostgresDestination
from sluice.connectors.sdk import WriteMode, WriteTarget


def _config(dsn: str) -> PostgresConfig:
    parts = urlsplit(dsn)
    return PostgresConfig(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        database=parts.path.lstrip("/"),
        username=parts.username or "postgres",
    )


ROUNDS, THREADS = 16, 8


def test_parallel_opens_into_a_new_schema_do_not_race(pg_database: str) -> None:
    for round_ in range(ROUNDS):
        _round(pg_database, f"fresh{round_}")


def _round(pg_database: str, namespace: str) -> None:
    schema = pa.schema([pa.field("id", pa.int64())])
    errors: list[BaseException] = []
    barrier = threading.Barrier(THREADS)

    def open_one(i: int) -> None:
        try:
            with PostgresDestination(_config(pg_database)) as dest:
                dest._column_types(schema)  # warm the connection up
                barrier.wait()
                target = WriteTarget(namespace, f"t{i}", schema, WriteMode.APPEND)
                with dest.open(target) as writer:
                    writer.write(pa.record_batch([pa.array([i], pa.int64())], schema=schema))
                    writer.commit()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=open_one, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(pg_database) as db:
        tables = db.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = %s", (namespace,)
        ).fetchone()
    assert tables == (THREADS,)
