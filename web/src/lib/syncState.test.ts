// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { StreamState } from "../api/pipelines";
import { formatStateValue, isCurrentRow, rowOrigin, summarizeState } from "./syncState";

const row = (over: Partial<StreamState>): StreamState => ({
  stream: "public.orders",
  state: { cursor_field: "id", cursor: 7 },
  job_id: 3,
  state_id: 10,
  updated_at: "2026-03-02T10:15:00Z",
  ...over,
});

describe("summarizeState", () => {
  it("reads a null state as a full re-sync", () => {
    expect(summarizeState(null)).toMatchObject({ hasPosition: false, text: "Full re-sync next run" });
  });

  it("reads the built-in cursor shape as 'column up to value'", () => {
    const s = summarizeState({ cursor_field: "id", cursor: 300000 });
    expect(s).toMatchObject({ hasPosition: true, cursorField: "id", cursor: "300,000", rawCursor: "300000", extra: [] });
    expect(s.text).toBe("id up to 300,000");
  });

  it("shows timestamps in local time, and the raw value for the tooltip", () => {
    const raw = "2026-03-02T10:15:00.123456+00:00";
    const s = summarizeState({ cursor_field: "updated_at", cursor: raw });
    expect(s.cursor).toBe(new Date(raw).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" }));
    expect(s.rawCursor).toBe(raw);
    expect(s.text.startsWith("updated_at up to ")).toBe(true);
    expect(formatStateValue("2026-03-02 10:15:00")).toMatch(/\(no time zone\)$/);
    expect(formatStateValue("2026-03-02")).toBe(new Date("2026-03-02T00:00:00").toLocaleDateString(undefined, { dateStyle: "medium" }));
  });

  it("lists other keys, and copes with sources' own shapes", () => {
    const files = summarizeState({ cursor_field: "ts", cursor: null, files_done: ["a.csv", "b.csv"], highest: 5 });
    expect(files.cursor).toBeNull();
    expect(files.extra).toEqual([{ key: "files_done", value: "a.csv, b.csv" }, { key: "highest", value: "5" }]);
    expect(files.text).toBe("files_done: a.csv, b.csv · highest: 5");
    expect(summarizeState({ cursor_field: "ts" }).text).toBe("ts: no rows read yet");
    expect(summarizeState({ page: { next: "abc" } }).text).toBe('page: {"next":"abc"}');
    expect(formatStateValue(true)).toBe("yes");
    expect(formatStateValue(1.5)).toBe("1.5");
    expect(formatStateValue("plain text")).toBe("plain text");
  });
});

describe("history rows", () => {
  it("knows the current row and where a row came from", () => {
    const current = [row({ state_id: 12 })];
    expect(isCurrentRow(row({ state_id: 12 }), current)).toBe(true);
    expect(isCurrentRow(row({ state_id: 10 }), current)).toBe(false);
    expect(rowOrigin(row({}))).toBe("job");
    expect(rowOrigin(row({ job_id: null, state: null }))).toBe("reset");
    expect(rowOrigin(row({ job_id: null }))).toBe("restored");
  });
});
