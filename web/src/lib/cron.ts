import cronstrue from "cronstrue";
import { CronExpressionParser } from "cron-parser";

export interface CronPreview {
  ok: boolean;
  description: string;
  error?: string;
  next: Date[];
}

/** A human sentence and the next run times for a 5-field cron expression in a time zone. */
export function previewCron(expr: string, timezone = "UTC", count = 3, from = new Date()): CronPreview {
  const trimmed = expr.trim();
  if (!trimmed) return { ok: true, description: "Manual only: runs when you press Run", next: [] };
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5)
    return {
      ok: false,
      description: "",
      error: `A cron expression has 5 fields (minute hour day month weekday); this one has ${fields.length}`,
      next: [],
    };
  let description: string;
  try {
    description = cronstrue.toString(trimmed, { use24HourTimeFormat: true, verbose: false });
  } catch (exc) {
    return { ok: false, description: "", error: cleanError(exc), next: [] };
  }
  try {
    const it = CronExpressionParser.parse(trimmed, { currentDate: from, tz: timezone || "UTC" });
    const next = it.take(count).map((d) => d.toDate());
    return { ok: true, description, next };
  } catch (exc) {
    return { ok: false, description: "", error: cleanError(exc), next: [] };
  }
}

function cleanError(exc: unknown): string {
  const msg = exc instanceof Error ? exc.message : String(exc);
  return msg.replace(/^Error:\s*/, "");
}

export const CRON_PRESETS: { label: string; value: string }[] = [
  { label: "Manual", value: "" },
  { label: "Every 15 min", value: "*/15 * * * *" },
  { label: "Hourly", value: "0 * * * *" },
  { label: "Daily 02:00", value: "0 2 * * *" },
  { label: "Weekdays 06:00", value: "0 6 * * 1-5" },
];
