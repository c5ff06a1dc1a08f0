// @vitest-environment node
import { describe, expect, it } from "vitest";
import { formatAge, formatDuration, formatNumber, relativeTime } from "./format";

describe("format", () => {
  it("formats durations, numbers and ages", () => {
    expect(formatDuration(0.178)).toBe("178 ms");
    expect(formatDuration(3.25)).toBe("3.3 s");
    expect(formatDuration(125)).toBe("2 min 5 s");
    expect(formatDuration(null)).toBe("—");
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatAge(30)).toBe("less than a minute");
    expect(formatAge(7200)).toBe("2 h");
  });

  it("says how long ago or until", () => {
    const now = Date.parse("2026-03-02T10:00:00Z");
    expect(relativeTime("2026-03-02T09:57:00Z", now)).toBe("3 minutes ago");
    expect(relativeTime("2026-03-02T12:00:00Z", now)).toBe("in 2 hours");
    expect(relativeTime(null, now)).toBe("never");
  });
});
