"""Benchmark data in a local PostgreSQL: ``pgbench_accounts`` and the ``wide`` table.

The source database (``bench_src``, or ``bench_src_quick`` for ``--quick``) is reused when both
tables hold the expected row counts; ``reload=True`` rebuilds it. Destination databases are
dropped and recreated around every measured run, so no run sees another's tables.

``wide`` is the table of docs/performance-research.md, Appendix A (11 columns: int4 key, int8,
numeric(14,2), float8, two texts, timestamp, timestamptz, date, bool, jsonb).
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from urllib.parse import quote

import psycopg
from psycopg import conninfo, sql

PGBENCH = "/usr/lib/postgresql/15/bin/pgbench"
DEFAULT_DSN = "postgresql://postgres@127.0.0.1:55432/postgres"

WIDE_DDL = """
CREATE TABLE wide (id integer PRIMARY KEY, big bigint NOT NULL, amount numeric(14,2),
  ratio double precision, name text NOT NULL, note text, created_at timestamp NOT NULL,
  updated_at timestamptz, day date, active boolean, payload jsonb)
"""
WIDE_FILL = """
INSERT INTO wide SELECT g, (g::bigint * 2654435761) % 9007199254740993,
  CASE WHEN g % 7 = 0 THEN NULL ELSE round((random()*1000000)::numeric, 2) END,
  CASE WHEN g % 11 = 0 THEN NULL ELSE random() END,
  'customer_' || g,
  CASE WHEN g % 3 = 0 THEN NULL ELSE md5(g::text) || ' ' || repeat('x', (g % 40)) END,
  timestamp '2020-01-01' + (g || ' seconds')::interval,
  CASE WHEN g % 5 = 0 THEN NULL
       ELSE timestamptz '2021-06-01 00:00:00+00' + (g*7 || ' seconds')::interval END,
  date '2000-01-01' + (g % 9000),
  CASE WHEN g % 13 = 0 THEN NULL ELSE (g % 2 = 0) END,
  CASE WHEN g % 4 = 0 THEN NULL ELSE jsonb_build_object('k', g, 'tag', 't' || (g % 100),
       'vals', jsonb_build_array(g % 10, g % 17)) END
FROM generate_series(1, %s) g
"""


@dataclass(frozen=True)
class Server:
    """Where the PostgreSQL server is; builds DSNs and URLs for each database."""

    host: str
    port: int
    user: str
    password: str

    @classmethod
    def from_dsn(cls, dsn: str) -> Server:
        """Parse a libpq DSN or URL (the database part is ignored)."""
        parts = conninfo.conninfo_to_dict(dsn)
        return cls(
            host=str(parts.get("host") or "127.0.0.1"),
            port=int(parts.get("port") or 5432),
            user=str(parts.get("user") or "postgres"),
            password=str(parts.get("password") or ""),
        )

    def dsn(self, dbname: str) -> str:
        """A libpq keyword DSN for ``dbname``."""
        kw: dict[str, object] = {
            "host": self.host,
            "port": self.port,
            "user": self.user,
            "dbname": dbname,
            "sslmode": "disable",
        }
        if self.password:
            kw["password"] = self.password
        return conninfo.make_conninfo(**kw)  # type: ignore[arg-type]

    def url(self, dbname: str, *, dummy_password: bool = False, query: str = "") -> str:
        """A ``postgresql://`` URL; dlt needs a password even with trust auth."""
        password = self.password or ("bench" if dummy_password else "")
        auth = quote(self.user, safe="") + (":" + quote(password, safe="") if password else "")
        tail = f"?{query}" if query else ""
        return f"postgresql://{auth}@{self.host}:{self.port}/{dbname}{tail}"

    def connect(self, dbname: str = "postgres") -> psycopg.Connection:
        """An autocommit connection to ``dbname``."""
        return psycopg.connect(self.dsn(dbname), autocommit=True)


@dataclass(frozen=True)
class DataSet:
    """The sizes of one benchmark data set and the database that holds it."""

    scale: int
    wide_rows: int
    src_db: str
    dst_db: str

    @property
    def pgbench_rows(self) -> int:
        """Rows in ``pgbench_accounts`` (100,000 per scale unit)."""
        return 100_000 * self.scale

    def rows(self, table: str) -> int:
        """Expected rows of ``table``."""
        return self.pgbench_rows if table == "pgbench_accounts" else self.wide_rows


FULL = DataSet(scale=20, wide_rows=1_000_000, src_db="bench_src", dst_db="bench_dst")
QUICK = DataSet(scale=2, wide_rows=100_000, src_db="bench_src_quick", dst_db="bench_dst_quick")


def _database_exists(server: Server, name: str) -> bool:
    with server.connect() as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def count_rows(server: Server, dbname: str, qualified: str) -> int | None:
    """``count(*)`` of ``schema.table`` in ``dbname``; ``None`` when it does not exist."""
    schema, _, table = qualified.partition(".")
    with server.connect(dbname) as conn:
        reg = conn.execute("SELECT to_regclass(%s)", (f'"{schema}"."{table}"',)).fetchone()
        if reg is None or reg[0] is None:
            return None
        row = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table))
        ).fetchone()
    return int(row[0]) if row else None


def _has_data(server: Server, data: DataSet) -> bool:
    if not _database_exists(server, data.src_db):
        return False
    for table in ("pgbench_accounts", "wide"):
        if count_rows(server, data.src_db, f"public.{table}") != data.rows(table):
            return False
    return True


def recreate_database(server: Server, name: str) -> None:
    """Drop ``name`` (disconnecting its sessions) and create it empty."""
    with server.connect() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server: Server, name: str) -> None:
    """Drop ``name`` if it exists."""
    with server.connect() as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def checkpoint(server: Server) -> None:
    """Flush dirty buffers so one run's writes do not slow the next (untimed)."""
    with server.connect() as conn:
        conn.execute("CHECKPOINT")


def server_info(server: Server) -> dict[str, str]:
    """Version and the durability/memory settings that move the numbers."""
    names = (
        "server_version",
        "shared_buffers",
        "max_wal_size",
        "fsync",
        "synchronous_commit",
        "wal_level",
    )
    with server.connect() as conn:
        rows = conn.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
            (list(names),),
        ).fetchall()
    return dict(rows)


def ensure(server: Server, data: DataSet, *, reload: bool = False, log: object = print) -> None:
    """Create the source database with both tables unless it is already complete."""
    say = log if callable(log) else print
    if not reload and _has_data(server, data):
        say(f"data: reusing {data.src_db} ({data.pgbench_rows:,} + {data.wide_rows:,} rows)")
        return
    say(f"data: building {data.src_db} (pgbench -i -s {data.scale}, wide {data.wide_rows:,} rows)")
    started = time.perf_counter()
    recreate_database(server, data.src_db)
    env = {**os.environ, "PGPASSWORD": server.password} if server.password else None
    subprocess.run(
        [
            PGBENCH,
            "-i",
            "-q",
            "-s",
            str(data.scale),
            "-h",
            server.host,
            "-p",
            str(server.port),
            "-U",
            server.user,
            data.src_db,
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with server.connect(data.src_db) as conn:
        conn.execute(WIDE_DDL)
        conn.execute(WIDE_FILL.replace("%s", str(int(data.wide_rows))))
        conn.execute("VACUUM ANALYZE wide")
        conn.execute("VACUUM ANALYZE pgbench_accounts")
    if not _has_data(server, data):
        raise RuntimeError(f"data set in {data.src_db} has the wrong row counts after loading")
    say(f"data: built in {time.perf_counter() - started:.1f} s")
