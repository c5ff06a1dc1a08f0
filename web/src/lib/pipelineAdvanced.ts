// A pipeline's advanced settings (drift, parallelism, retries, notifications): draft shape,
// limits (the same as the server's), validation and readable summaries.
import type { Pipeline } from "../api/pipelines";

export type DriftPolicy = "evolve" | "freeze";

export interface AdvancedDraft {
  drift_policy: DriftPolicy;
  /** "" while the field is being edited (NumberInput gives a string when empty). */
  max_parallel_streams: number | "";
  retry_max_attempts: number | "";
  retry_backoff_seconds: number | "";
  webhook_url: string;
  notify_on_success: boolean;
}

export const LIMITS = {
  max_parallel_streams: { min: 1, max: 32, label: "Parallel streams" },
  retry_max_attempts: { min: 1, max: 20, label: "Attempts" },
  retry_backoff_seconds: { min: 0, max: 3600, label: "Backoff" },
} as const;

export const DRIFT_POLICIES: { value: DriftPolicy; label: string; help: string }[] = [
  {
    value: "evolve",
    label: "Evolve",
    help: "New source columns are added to the destination and columns are widened when needed.",
  },
  {
    value: "freeze",
    label: "Freeze",
    help: "The destination's columns never change: a run that would add or widen one fails instead.",
  },
];

/** The server's defaults for a new pipeline. */
export function defaultAdvanced(): AdvancedDraft {
  return {
    drift_policy: "evolve",
    max_parallel_streams: 2,
    retry_max_attempts: 3,
    retry_backoff_seconds: 10,
    webhook_url: "",
    notify_on_success: false,
  };
}

/** Whether every setting is the server's default (the builder then keeps the section folded). */
export function isDefaultAdvanced(a: AdvancedDraft): boolean {
  const d = defaultAdvanced();
  return (Object.keys(d) as (keyof AdvancedDraft)[]).every((k) => (k === "webhook_url" ? a[k].trim() === "" : a[k] === d[k]));
}

export function advancedFromPipeline(p: Pipeline): AdvancedDraft {
  return {
    drift_policy: p.drift_policy === "freeze" ? "freeze" : "evolve",
    max_parallel_streams: p.max_parallel_streams,
    retry_max_attempts: p.retry_max_attempts,
    retry_backoff_seconds: p.retry_backoff_seconds,
    webhook_url: p.webhook_url ?? "",
    notify_on_success: p.notify_on_success,
  };
}

/** True for an absolute http:// or https:// URL with a host. */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value.trim());
    return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** Problems as { field: message }, fields named like the API's. */
export function validateAdvanced(a: AdvancedDraft): Record<string, string> {
  const issues: Record<string, string> = {};
  for (const key of ["max_parallel_streams", "retry_max_attempts", "retry_backoff_seconds"] as const) {
    const { min, max, label } = LIMITS[key];
    const v = a[key];
    if (v === "" || Number.isNaN(v)) issues[key] = `${label}: enter a number from ${min} to ${max}`;
    else if (!Number.isInteger(v)) issues[key] = `${label}: use a whole number`;
    else if (v < min || v > max) issues[key] = `${label}: must be between ${min} and ${max}`;
  }
  const url = a.webhook_url.trim();
  if (url && !isHttpUrl(url)) issues.webhook_url = "Webhook: enter an http:// or https:// URL";
  return issues;
}

/**
 * The fields for POST/PATCH /api/pipelines. An empty webhook is sent as "" on updates (the API
 * treats null as "keep the stored value", so "" is how a webhook is removed) and null on create.
 */
export function advancedPayload(a: AdvancedDraft, update = false) {
  const url = a.webhook_url.trim();
  return {
    drift_policy: a.drift_policy,
    max_parallel_streams: Number(a.max_parallel_streams),
    retry_max_attempts: Number(a.retry_max_attempts),
    retry_backoff_seconds: Number(a.retry_backoff_seconds),
    webhook_url: url || (update ? "" : null),
    notify_on_success: url ? a.notify_on_success : false,
  };
}

/** A wait in whole seconds: "30 s", "2 min", "1 min 30 s", "1 h 4 min". */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  if (m < 60) return s ? `${m} min ${s} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}

/** "No retry" / "Up to 2 retries, after 10 s, 20 s". Attempt n waits backoff × 2^(n-1). */
export function describeRetries(attempts: number | "", backoff: number | ""): string {
  if (attempts === "" || backoff === "" || attempts < 1) return "";
  const retries = attempts - 1;
  if (retries === 0) return "A failed run is not retried.";
  const times = `${retries} time${retries > 1 ? "s" : ""}`;
  if (backoff === 0) return `A failed run is retried up to ${times}, straight away.`;
  const waits = Array.from({ length: Math.min(retries, 3) }, (_, i) => formatWait(backoff * 2 ** i));
  const more = retries > 3 ? ", …" : "";
  return `A failed run is retried up to ${times}, after ${waits.join(", ")}${more} (doubling each time).`;
}

/** The webhook's host only, for display (a Slack URL's path is a secret). */
export function webhookHost(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
