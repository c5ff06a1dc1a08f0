// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Pipeline } from "../api/pipelines";
import {
  advancedFromPipeline,
  advancedPayload,
  defaultAdvanced,
  describeRetries,
  isDefaultAdvanced,
  isHttpUrl,
  validateAdvanced,
  webhookHost,
} from "./pipelineAdvanced";

describe("validateAdvanced", () => {
  it("accepts the defaults", () => {
    expect(validateAdvanced(defaultAdvanced())).toEqual({});
    expect(isDefaultAdvanced(defaultAdvanced())).toBe(true);
  });

  it("checks the server's limits, whole numbers and empty fields", () => {
    const issues = validateAdvanced({ ...defaultAdvanced(), max_parallel_streams: 33, retry_max_attempts: 0, retry_backoff_seconds: "" });
    expect(issues.max_parallel_streams).toBe("Parallel streams: must be between 1 and 32");
    expect(issues.retry_max_attempts).toBe("Attempts: must be between 1 and 20");
    expect(issues.retry_backoff_seconds).toBe("Backoff: enter a number from 0 to 3600");
    expect(validateAdvanced({ ...defaultAdvanced(), max_parallel_streams: 2.5 }).max_parallel_streams).toMatch(/whole number/);
    expect(validateAdvanced({ ...defaultAdvanced(), max_parallel_streams: 32, retry_max_attempts: 20, retry_backoff_seconds: 0 })).toEqual({});
  });

  it("wants an http(s) webhook URL", () => {
    expect(isHttpUrl("https://hooks.slack.com/services/T0/B0/x")).toBe(true);
    expect(isHttpUrl("http://alerts.internal:8080/hook")).toBe(true);
    for (const bad of ["hooks.slack.com/services/x", "ftp://example.com/x", "javascript:alert(1)", "https://"])
      expect(validateAdvanced({ ...defaultAdvanced(), webhook_url: bad }).webhook_url, bad).toBe("Webhook: enter an http:// or https:// URL");
    expect(validateAdvanced({ ...defaultAdvanced(), webhook_url: "  " })).toEqual({});
  });
});

describe("advancedPayload", () => {
  it("sends numbers, a trimmed URL, and never notify_on_success without a URL", () => {
    const a = { ...defaultAdvanced(), drift_policy: "freeze" as const, max_parallel_streams: 4, webhook_url: " https://x.example/h ", notify_on_success: true };
    expect(advancedPayload(a)).toEqual({
      drift_policy: "freeze",
      max_parallel_streams: 4,
      retry_max_attempts: 3,
      retry_backoff_seconds: 10,
      webhook_url: "https://x.example/h",
      notify_on_success: true,
    });
    expect(advancedPayload({ ...a, webhook_url: "" })).toMatchObject({ webhook_url: null, notify_on_success: false });
  });

  it("removes a webhook on update with an empty string (null would keep it)", () => {
    expect(advancedPayload({ ...defaultAdvanced(), webhook_url: "" }, true).webhook_url).toBe("");
  });

  it("round-trips through a saved pipeline", () => {
    const saved = { drift_policy: "freeze", max_parallel_streams: 8, retry_max_attempts: 5, retry_backoff_seconds: 30, webhook_url: "https://h.example/x", notify_on_success: true } as Pipeline;
    const draft = advancedFromPipeline(saved);
    expect(isDefaultAdvanced(draft)).toBe(false);
    expect(advancedPayload(draft, true)).toEqual({ ...saved });
  });
});

describe("describeRetries / webhookHost", () => {
  it("spells out the doubling backoff", () => {
    expect(describeRetries(1, 10)).toBe("A failed run is not retried.");
    expect(describeRetries(3, 10)).toBe("A failed run is retried up to 2 times, after 10 s, 20 s (doubling each time).");
    expect(describeRetries(6, 30)).toBe("A failed run is retried up to 5 times, after 30 s, 1 min, 2 min, … (doubling each time).");
    expect(describeRetries(3, 90)).toContain("after 1 min 30 s, 3 min");
    expect(describeRetries(2, 3600)).toContain("after 1 h");
    expect(describeRetries(2, 0)).toBe("A failed run is retried up to 1 time, straight away.");
    expect(describeRetries("", 10)).toBe("");
  });

  it("shows only the webhook's host (a Slack URL's path is its secret)", () => {
    expect(webhookHost("https://hooks.slack.com/services/T0/B0/secret")).toBe("hooks.slack.com");
    expect(webhookHost(null)).toBeNull();
  });
});
