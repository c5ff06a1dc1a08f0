// @vitest-environment node
import { describe, expect, it } from "vitest";
import { previewCron } from "./cron";

const from = new Date("2026-03-02T10:15:00Z"); // a Monday

describe("previewCron", () => {
  it("describes an expression and lists the next runs", () => {
    const p = previewCron("0 2 * * *", "UTC", 3, from);
    expect(p.ok).toBe(true);
    expect(p.description).toBe("At 02:00");
    expect(p.next.map((d) => d.toISOString())).toEqual([
      "2026-03-03T02:00:00.000Z",
      "2026-03-04T02:00:00.000Z",
      "2026-03-05T02:00:00.000Z",
    ]);
  });

  it("computes next runs in the pipeline's time zone", () => {
    const p = previewCron("0 2 * * *", "Europe/Paris", 1, from);
    expect(p.next[0].toISOString()).toBe("2026-03-03T01:00:00.000Z");
  });

  it("handles steps and weekday ranges", () => {
    expect(previewCron("*/15 * * * *", "UTC", 2, from).next.map((d) => d.toISOString())).toEqual([
      "2026-03-02T10:30:00.000Z",
      "2026-03-02T10:45:00.000Z",
    ]);
    expect(previewCron("0 6 * * 1-5", "UTC", 1, from).description).toMatch(/Monday through Friday/);
  });

  it("treats an empty schedule as manual", () => {
    const p = previewCron("  ", "UTC", 3, from);
    expect(p).toMatchObject({ ok: true, next: [] });
    expect(p.description).toMatch(/Manual/);
  });

  it("explains a wrong number of fields and invalid values", () => {
    expect(previewCron("0 2 * *", "UTC").error).toMatch(/5 fields.*has 4/);
    const bad = previewCron("61 * * * *", "UTC");
    expect(bad.ok).toBe(false);
    expect(bad.error).toBeTruthy();
  });
});
