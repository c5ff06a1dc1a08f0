// API token helpers: the expiry picker's choices and how a token's expiry reads.

export type ExpiryChoice = "never" | "7" | "30" | "90" | "365" | "custom";

export const EXPIRY_CHOICES: { value: ExpiryChoice; label: string }[] = [
  { value: "never", label: "Never" },
  { value: "7", label: "In 7 days" },
  { value: "30", label: "In 30 days" },
  { value: "90", label: "In 90 days" },
  { value: "365", label: "In a year" },
  { value: "custom", label: "On a date…" },
];

/**
 * The `expires_at` to send: null for never, now + N days, or the end of the picked day (local
 * time). Returns an error message instead when the custom date is missing or not in the future.
 */
export function expiryFromChoice(
  choice: ExpiryChoice,
  customDate: string,
  now: Date = new Date(),
): { expires_at: string | null } | { error: string } {
  if (choice === "never") return { expires_at: null };
  if (choice === "custom") {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(customDate)) return { error: "Pick the day the token stops working" };
    const end = new Date(`${customDate}T23:59:59`);
    if (Number.isNaN(end.getTime())) return { error: "Pick the day the token stops working" };
    if (end.getTime() <= now.getTime()) return { error: "The expiry must be in the future" };
    return { expires_at: end.toISOString() };
  }
  return { expires_at: new Date(now.getTime() + Number(choice) * 86_400_000).toISOString() };
}

/** "2026-03-05" for a date input's `min` (tomorrow, local time). */
export function tomorrow(now: Date = new Date()): string {
  const d = new Date(now.getTime() + 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export type ExpiryState = "never" | "active" | "soon" | "expired";

/** Whether a token has expired or will within a week. */
export function expiryState(expiresAt: string | null | undefined, now: number = Date.now()): ExpiryState {
  if (!expiresAt) return "never";
  const t = Date.parse(expiresAt);
  if (t <= now) return "expired";
  if (t - now < 7 * 86_400_000) return "soon";
  return "active";
}

/** A shell example that uses the token. */
export function curlExample(token: string, origin: string): string {
  return `curl -H "Authorization: Bearer ${token}" ${origin}/api/pipelines`;
}
