// @vitest-environment node
import { describe, expect, it } from "vitest";
import { curlExample, expiryFromChoice, expiryState, tomorrow } from "./tokens";

const now = new Date("2026-03-02T10:00:00Z");

describe("expiryFromChoice", () => {
  it("never, or now plus N days", () => {
    expect(expiryFromChoice("never", "", now)).toEqual({ expires_at: null });
    expect(expiryFromChoice("30", "", now)).toEqual({ expires_at: "2026-04-01T10:00:00.000Z" });
  });

  it("a custom day ends at 23:59:59 local time and must be in the future", () => {
    const r = expiryFromChoice("custom", "2026-06-30", now);
    expect(r).toEqual({ expires_at: new Date("2026-06-30T23:59:59").toISOString() });
    expect(expiryFromChoice("custom", "", now)).toEqual({ error: "Pick the day the token stops working" });
    expect(expiryFromChoice("custom", "2020-01-01", now)).toEqual({ error: "The expiry must be in the future" });
  });

  it("offers tomorrow as the earliest day", () => {
    expect(tomorrow(new Date(2026, 2, 31, 12))).toBe("2026-04-01");
  });
});

describe("expiryState", () => {
  it("flags expired tokens and those expiring within a week", () => {
    const t = now.getTime();
    expect(expiryState(null, t)).toBe("never");
    expect(expiryState("2026-03-01T00:00:00Z", t)).toBe("expired");
    expect(expiryState("2026-03-05T00:00:00Z", t)).toBe("soon");
    expect(expiryState("2026-05-01T00:00:00Z", t)).toBe("active");
  });

  it("shows how to use a token", () => {
    expect(curlExample("sl_abc", "http://localhost:8000")).toBe('curl -H "Authorization: Bearer sl_abc" http://localhost:8000/api/pipelines');
  });
});
