"""Formatting of the benchmark results: progress lines, the comparison table, the goals."""

from __future__ import annotations

from typing import Any

# (label, workload key, tool.config of the measured run, threshold, kind) from
# docs/performance-research.md §5; kind "rate" = rows/s >=, "rss" = MB <=, "x" = ratio >=.
GOALS: list[tuple[str, str, str, float, str]] = [
    ("G1 PG→PG pgbench ≥ 700 k rows/s", "pgbench_accounts.pg", "sluice.relay", 700_000, "rate"),
    ("G1 … ≥ 4.8x Sling", "pgbench_accounts.pg", "sling.pg", 4.8, "x"),
    ("G1 … ≥ 2.5x dlt best", "pgbench_accounts.pg", "dlt.best", 2.5, "x"),
    ("G1 … ≥ 5x dlt pyarrow ('dlt default' in §5)", "pgbench_accounts.pg", "dlt.pyarrow", 5, "x"),
    ("G1 … peak RSS ≤ 300 MB", "pgbench_accounts.pg", "sluice.relay", 300, "rss"),
    (
        "G1 (Arrow path) PG→PG pgbench ≥ 700 k",
        "pgbench_accounts.pg",
        "sluice.arrow",
        700_000,
        "rate",
    ),
    ("G2 PG→PG wide, Arrow in the middle ≥ 120 k", "wide.pg", "sluice.arrow", 120_000, "rate"),
    ("G2 stretch PG→PG wide ≥ 250 k (relay)", "wide.pg", "sluice.relay", 250_000, "rate"),
    ("G2 … peak RSS ≤ 300 MB (Arrow path)", "wide.pg", "sluice.arrow", 300, "rss"),
    (
        "G3 PG→Parquet pgbench ≥ 1.0 M rows/s",
        "pgbench_accounts.file",
        "sluice.parquet",
        1e6,
        "rate",
    ),
    ("G3 PG→Parquet wide ≥ 250 k rows/s", "wide.file", "sluice.parquet", 250_000, "rate"),
    ("G3 … peak RSS ≤ 300 MB (pgbench)", "pgbench_accounts.file", "sluice.parquet", 300, "rss"),
    ("G3 … peak RSS ≤ 300 MB (wide)", "wide.file", "sluice.parquet", 300, "rss"),
]


def _fmt(value: float | None, spec: str = ",.0f") -> str:
    return "-" if value is None else format(value, spec)


def one_line(attempt: Any) -> str:
    """The progress line printed after each run."""
    a = attempt
    if a.status != "ok":
        why = a.details.get("error") or f"{a.rows_found} of {a.rows_expected} rows"
        return f"{a.status}: {why} (wall {a.wall_seconds:.1f} s, log {a.log})"
    relay = a.details.get("binary_copy")
    extra = "" if relay is None else (" [binary relay]" if relay else " [Arrow batches]")
    return f"{a.seconds:.2f} s, {a.rows_per_second:,.0f} rows/s, {a.peak_rss_mb:.0f} MB{extra}"


def _by_key(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {f"{r['table']}.{r['target']}.{r['tool']}.{r['config']}": r for r in rows}


def _ratio(a: dict[str, Any] | None, b: dict[str, Any] | None) -> float | None:
    if not a or not b or not a.get("rows_per_second") or not b.get("rows_per_second"):
        return None
    return float(a["rows_per_second"]) / float(b["rows_per_second"])


def _spread(row: dict[str, Any]) -> str:
    low, high = row.get("rows_per_second_min"), row.get("rows_per_second_max")
    if low is None or high is None or row.get("runs", 1) < 2:
        return ""
    return f"{low / 1000:,.0f}k-{high / 1000:,.0f}k"


def _note(row: dict[str, Any]) -> str:
    details = row.get("details") or {}
    if row["status"] != "ok":
        if row["status"] == "INVALID":
            return f"INVALID: {row['rows_found']} of {row['rows_expected']} rows at destination"
        return f"{row['status']}: {details.get('error', '')}"
    if row["tool"] == "sluice":
        return "binary COPY relay" if details.get("binary_copy") else "Arrow batches"
    if row["tool"] == "dlt":
        return "jobs: " + ",".join(details.get("job_formats", []))
    if row["config"] == "csv":
        return "CSV, not Parquet"
    return ""


def table(rows: list[dict[str, Any]]) -> str:
    """A Markdown table of every run, with Sluice ÷ peer ratios per workload."""
    by_key = _by_key(rows)
    head = (
        "| workload | tool / config | s | wall s | rows/s | rows/s min-max | peak RSS MB "
        "| Sluice ÷ this | Sluice Arrow ÷ this | notes |"
    )
    lines = [head, "|---|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        prefix = f"{row['table']}.{row['target']}"
        ref = next(
            (r for r in rows if r["reference"] and f"{r['table']}.{r['target']}" == prefix), None
        )
        arrow = by_key.get(f"{prefix}.sluice.arrow")
        is_ref = row is ref
        ratio = "ref" if is_ref else _fmt(_ratio(ref, row), ".2f")
        ratio_arrow = _fmt(_ratio(arrow, row), ".2f") if arrow and row is not arrow else ""
        lines.append(
            f"| {row['workload']} | {row['label']} | {_fmt(row['seconds'], '.2f')} "
            f"| {_fmt(row['wall_seconds'], '.2f')} | {_fmt(row['rows_per_second'])} "
            f"| {_spread(row)} "
            f"| {_fmt(row['peak_rss_mb'])} | {ratio} | {ratio_arrow} | {_note(row)} |"
        )
    return "\n".join(lines)


def goals(rows: list[dict[str, Any]]) -> str:
    """Each goal of performance-research.md §5 with the measured figure and PASS/FAIL."""
    by_key = _by_key(rows)
    lines = ["| goal | measured | verdict |", "|---|---:|---|"]
    for label, workload, run, threshold, kind in GOALS:
        reference_key = f"{workload}.sluice." + ("relay" if workload.endswith(".pg") else "parquet")
        row = by_key.get(f"{workload}.{run}")
        if row is None or (kind == "x" and reference_key not in by_key):
            continue
        if kind == "rate":
            value = row.get("rows_per_second")
            shown = _fmt(value) + " rows/s"
            ok = value is not None and value >= threshold
        elif kind == "rss":
            value = row.get("peak_rss_mb")
            shown = _fmt(value) + " MB"
            ok = value is not None and value <= threshold
        else:
            value = _ratio(by_key[reference_key], row)
            shown = _fmt(value, ".2f") + "x"
            ok = value is not None and value >= threshold
        lines.append(f"| {label} | {shown} | {'PASS' if ok else 'FAIL'} |")
    return "\n".join(lines)
