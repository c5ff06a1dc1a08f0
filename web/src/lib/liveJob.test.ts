// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Job } from "../api/jobs";
import { initialLive, liveReducer, type LiveEvent, type LiveState } from "./liveJob";

const job = (patch: Partial<Job> = {}): Job =>
  ({ id: 5, status: "running", records_loaded: 0, records_extracted: 0, streams: {}, error: null, ...patch }) as Job;
const apply = (events: LiveEvent[], state: LiveState = initialLive) => events.reduce(liveReducer, state);

describe("liveReducer", () => {
  it("takes per-stream counters from a polled snapshot", () => {
    const s = apply([{ type: "snapshot", job: job({ streams: { "public.a": { status: "running", records_extracted: 10, records_loaded: 8, rows_per_second: 100 } } }) }]);
    expect(s.streams["public.a"]).toMatchObject({ status: "running", records_loaded: 8, rows_per_second: 100 });
  });

  it("applies socket progress, stream and job events", () => {
    const s = apply([
      { type: "snapshot", job: job() },
      { type: "progress", job_id: 5, stream: "public.a", records_extracted: 500, records_loaded: 400, rows_per_second: 2500 },
      { type: "stream", job_id: 5, stream: "public.a", status: "success", records_loaded: 1000 },
      { type: "job", job_id: 5, status: "success", records_loaded: 1000 },
    ]);
    expect(s.streams["public.a"]).toMatchObject({ status: "success", records_extracted: 500, records_loaded: 1000, rows_per_second: 2500 });
    expect(s.job).toMatchObject({ status: "success", records_loaded: 1000 });
  });

  it("does not let an older snapshot move counters backwards", () => {
    const s = apply([
      { type: "progress", job_id: 5, stream: "public.a", records_extracted: 900, records_loaded: 900 },
      { type: "snapshot", job: job({ streams: { "public.a": { status: "running", records_extracted: 100, records_loaded: 50 } } }) },
    ]);
    expect(s.streams["public.a"].records_loaded).toBe(900);
  });

  it("appends log lines once, in id order, from either source", () => {
    const s = apply([
      { type: "log", job_id: 5, id: 2, level: "INFO", message: "b" },
      { type: "logs", logs: [
        { id: 1, level: "INFO", message: "a", created_at: "", stream: null },
        { id: 2, level: "INFO", message: "b", created_at: "", stream: null },
        { id: 3, level: "ERROR", message: "c", created_at: "", stream: null },
      ] },
      { type: "log", job_id: 5, id: 3, level: "ERROR", message: "c" },
    ]);
    expect(s.logs.map((l) => l.message)).toEqual(["b", "c"]);
    expect(s.lastLogId).toBe(3);
  });
});
