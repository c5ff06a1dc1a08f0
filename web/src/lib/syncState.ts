// Readable sync state: a stream's checkpoint is opaque JSON owned by its source, but the
// built-in sources share a shape ({cursor_field, cursor, ...}): show that as "column ≤ value".
import type { StreamState } from "../api/pipelines";
import { formatNumber } from "./format";

export interface StateSummary {
  /** false when the state is null: the stream is read from scratch next run. */
  hasPosition: boolean;
  /** e.g. "updated_at" (null when the source keeps no cursor column). */
  cursorField: string | null;
  /** The cursor value, readable (dates in local time, numbers grouped). */
  cursor: string | null;
  /** The raw cursor value as stored (for the tooltip and copy). */
  rawCursor: string | null;
  /** Other keys of the checkpoint, readable. */
  extra: { key: string; value: string }[];
  /** One line: "updated_at up to 12 Mar 2026, 10:15" / "Full re-sync next run". */
  text: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A checkpoint value as a person reads it. */
export function formatStateValue(value: unknown): string {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return Number.isInteger(value) ? formatNumber(value) : String(value);
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "string") {
    if (ISO_DATE.test(value)) {
      if (value.length === 10) return new Date(`${value}T00:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" });
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(value);
      const d = new Date(hasZone ? value : value.replace(" ", "T"));
      if (!Number.isNaN(d.getTime()))
        return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }) + (hasZone ? "" : " (no time zone)");
    }
    return value;
  }
  if (Array.isArray(value)) return value.length <= 3 ? value.map(formatStateValue).join(", ") : `${value.length} items`;
  return JSON.stringify(value);
}

export function summarizeState(state: Record<string, unknown> | null | undefined): StateSummary {
  if (!state)
    return { hasPosition: false, cursorField: null, cursor: null, rawCursor: null, extra: [], text: "Full re-sync next run" };
  const cursorField = typeof state.cursor_field === "string" ? state.cursor_field : null;
  const hasCursor = "cursor" in state && state.cursor !== null && state.cursor !== undefined;
  const cursor = hasCursor ? formatStateValue(state.cursor) : null;
  const rawCursor = hasCursor ? (typeof state.cursor === "string" ? state.cursor : JSON.stringify(state.cursor)) : null;
  const extra = Object.entries(state)
    .filter(([k]) => k !== "cursor_field" && k !== "cursor")
    .map(([key, value]) => ({ key, value: formatStateValue(value) }));
  let text: string;
  if (cursorField && cursor !== null) text = `${cursorField} up to ${cursor}`;
  else if (cursor !== null) text = `up to ${cursor}`;
  else if (extra.length) text = extra.map((e) => `${e.key}: ${e.value}`).join(" · ");
  else text = cursorField ? `${cursorField}: no rows read yet` : "No position recorded";
  return { hasPosition: true, cursorField, cursor, rawCursor, extra, text };
}

/** Whether a history row is the stream's current state (its newest row). */
export function isCurrentRow(row: StreamState, current: StreamState[]): boolean {
  return current.some((c) => c.state_id === row.state_id);
}

/** Describe how a history row came about: a job's advance, a reset, or a rollback/manual row. */
export function rowOrigin(row: StreamState): "job" | "reset" | "restored" {
  if (row.job_id !== null && row.job_id !== undefined) return "job";
  return row.state ? "restored" : "reset";
}
