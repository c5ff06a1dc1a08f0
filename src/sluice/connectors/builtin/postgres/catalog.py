"""Catalog queries: streams, columns, keys and sizes of a database in three round trips.

Guarantees:
- Tables (plain, partitioned, foreign), views and materialized views of every non-system
  schema (or only ``schemas``) are listed, ordered by schema then name; partitions are left
  out (their parent covers them).
- Native types are ``format_type`` text; domains are reported as their base type so that a
  PostgreSQL destination without the domain can recreate the column.
- ``row_estimate`` is ``pg_class.reltuples``; for never-analysed tables under 64 MB it is an
  exact ``count(*)`` (one query per such table), otherwise ``None``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import psycopg
import pyarrow as pa
from psycopg import sql

from sluice.connectors.builtin.postgres.types import (
    CURSOR_TYPES,
    base_name,
    field_native_type,
    native_field,
)
from sluice.connectors.sdk import Catalog, ForeignKey, StreamSpec

_COLUMNS = """
SELECT n.nspname, c.relname, c.relkind::text, c.reltuples::float8,
       pg_relation_size(c.oid) AS bytes, a.attname, a.attnotnull,
       CASE WHEN t.typtype = 'd'
            THEN format_type(t.typbasetype, t.typtypmod)
            ELSE format_type(a.atttypid, a.atttypmod) END AS native,
       obj_description(c.oid, 'pg_class')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY(%(schemas)s::text[]))
ORDER BY n.nspname, c.relname, a.attnum
"""

_CONSTRAINTS = """
SELECT con.contype::text, n.nspname, c.relname,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, i)
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
             ORDER BY k.i),
       rn.nspname, rc.relname,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, i)
             JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
             ORDER BY k.i)
FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace
WHERE con.contype IN ('p', 'f')
  AND (%(schemas)s::text[] IS NULL OR n.nspname = ANY(%(schemas)s::text[]))
ORDER BY con.conname
"""

_KINDS = {"r": "table", "p": "table", "f": "table", "v": "view", "m": "materialized_view"}
_EXACT_COUNT_MAX_BYTES = 64 << 20


def cursor_rank(name: str, native: str, primary_key: tuple[str, ...]) -> tuple[int, str]:
    """Sort key: update timestamps first, then other timestamps/dates, then keys, then numbers."""
    family = base_name(native)
    lowered = name.lower()
    temporal = family.startswith(("timestamp", "date"))
    if temporal and any(word in lowered for word in ("updated", "modified", "changed")):
        return (0, name)
    if temporal:
        return (1, name)
    if name in primary_key:
        return (2, name)
    return (3, name)


def _cursor_candidates(schema: pa.Schema, primary_key: tuple[str, ...]) -> tuple[str, ...]:
    natives = {f.name: field_native_type(f) or "" for f in schema}
    names = [n for n, t in natives.items() if base_name(t) in CURSOR_TYPES]
    return tuple(sorted(names, key=lambda n: cursor_rank(n, natives[n], primary_key)))


def discover(conn: psycopg.Connection[Any], schemas: list[str] | None) -> Catalog:
    """The catalog of ``conn``'s database (see the module docstring for what is listed)."""
    params = {"schemas": schemas or None}
    relations: dict[tuple[str, str], dict[str, Any]] = {}
    for nsp, rel, kind, tuples, size, col, notnull, native, comment in conn.execute(
        _COLUMNS, params
    ):
        entry = relations.setdefault(
            (nsp, rel),
            {"kind": kind, "tuples": tuples, "bytes": size, "fields": [], "comment": comment},
        )
        entry["fields"].append(native_field(col, native, nullable=not notnull))
    pks: dict[tuple[str, str], tuple[str, ...]] = {}
    fks: dict[tuple[str, str], list[ForeignKey]] = defaultdict(list)
    for contype, nsp, rel, cols, rnsp, rrel, rcols in conn.execute(_CONSTRAINTS, params):
        if contype == "p":
            pks[(nsp, rel)] = tuple(cols)
        else:
            fks[(nsp, rel)].append(ForeignKey(tuple(cols), f"{rnsp}.{rrel}", tuple(rcols)))
    streams = []
    for (nsp, rel), entry in relations.items():
        schema = pa.schema(entry["fields"])
        pk = pks.get((nsp, rel), ())
        streams.append(
            StreamSpec(
                name=f"{nsp}.{rel}",
                schema=schema,
                primary_key=pk,
                cursor_candidates=_cursor_candidates(schema, pk),
                row_estimate=_row_estimate(conn, nsp, rel, entry),
                kind=_KINDS[entry["kind"]],
                foreign_keys=tuple(fks.get((nsp, rel), ())),
                description=entry["comment"],
            )
        )
    return Catalog(tuple(streams))


def _row_estimate(
    conn: psycopg.Connection[Any], nsp: str, rel: str, entry: dict[str, Any]
) -> int | None:
    if entry["kind"] == "v":
        return None
    if entry["tuples"] >= 0:
        return int(entry["tuples"])
    if entry["bytes"] > _EXACT_COUNT_MAX_BYTES or entry["kind"] == "f":
        return None
    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(nsp, rel))
    row = conn.execute(query).fetchone()
    return int(row[0]) if row else None


def describe_query(conn: psycopg.Connection[Any], name: str, query: str) -> StreamSpec:
    """A stream for a custom ``SELECT``: its result columns described without reading rows."""
    wrapped = sql.SQL("SELECT * FROM ({}) AS sluice_q LIMIT 0").format(sql.SQL(query))
    cur = conn.execute(wrapped)
    res = cur.pgresult
    if res is None or cur.description is None:
        raise ValueError("the query returns no result set")
    oids = [res.ftype(i) for i in range(res.nfields)]
    mods = [res.fmod(i) for i in range(res.nfields)]
    names = [col.name for col in cur.description]
    typed = conn.execute(
        """SELECT CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
                       ELSE format_type(q.oid, q.mod) END
           FROM unnest(%s::oid[], %s::int[]) WITH ORDINALITY q(oid, mod, i)
           JOIN pg_type t ON t.oid = q.oid ORDER BY q.i""",
        (oids, mods),
    ).fetchall()
    fields = [native_field(n, row[0]) for n, row in zip(names, typed, strict=True)]
    if len(set(names)) != len(names):
        raise ValueError(f"the query's column names are not unique: {names}")
    schema = pa.schema(fields)
    return StreamSpec(
        name=name,
        schema=schema,
        cursor_candidates=_cursor_candidates(schema, ()),
        kind="query",
        description=query,
    )
