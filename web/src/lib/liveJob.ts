// The live job view's state: a job snapshot plus per-stream counters and log lines, updated by
// WebSocket events or by polling snapshots. A pure reducer, so both paths share one logic.
import type { Job, JobLog } from "../api/jobs";

export interface StreamProgress {
  status: string;
  records_extracted: number;
  records_loaded: number;
  rows_per_second: number | null;
  error?: string | null;
}

export interface LiveLog {
  id: number;
  level: string;
  message: string;
  stream?: string | null;
  created_at?: string;
}

export interface LiveState {
  job: Job | null;
  streams: Record<string, StreamProgress>;
  logs: LiveLog[];
  lastLogId: number;
}

export type LiveEvent =
  | { type: "job"; job_id: number; status: string; error?: string | null; records_loaded?: number; records_extracted?: number }
  | ({ type: "stream"; job_id: number; stream: string; status: string } & Partial<StreamProgress>)
  | { type: "progress"; job_id: number; stream: string; records_extracted?: number; records_loaded?: number; rows_per_second?: number | null }
  | { type: "log"; job_id: number; id: number; level: string; message: string; stream?: string | null; created_at?: string }
  | { type: "snapshot"; job: Job }
  | { type: "logs"; logs: JobLog[] };

export const initialLive: LiveState = { job: null, streams: {}, logs: [], lastLogId: 0 };

const MAX_LOGS = 2000;

function num(v: unknown, fallback = 0): number {
  return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function streamsFromJob(job: Job): Record<string, StreamProgress> {
  const out: Record<string, StreamProgress> = {};
  for (const [name, raw] of Object.entries(job.streams ?? {})) {
    const s = raw as Record<string, unknown>;
    out[name] = {
      status: String(s.status ?? "pending"),
      records_extracted: num(s.records_extracted),
      records_loaded: num(s.records_loaded),
      rows_per_second: typeof s.rows_per_second === "number" ? s.rows_per_second : null,
      error: (s.error as string | null | undefined) ?? null,
    };
  }
  return out;
}

function appendLogs(state: LiveState, logs: LiveLog[]): LiveState {
  const fresh = logs.filter((l) => l.id > state.lastLogId).sort((a, b) => a.id - b.id);
  if (!fresh.length) return state;
  const merged = [...state.logs, ...fresh];
  return {
    ...state,
    logs: merged.length > MAX_LOGS ? merged.slice(merged.length - MAX_LOGS) : merged,
    lastLogId: fresh[fresh.length - 1].id,
  };
}

export function liveReducer(state: LiveState, event: LiveEvent): LiveState {
  switch (event.type) {
    case "snapshot": {
      // A snapshot is authoritative for status; keep counters that are ahead of it.
      const fromJob = streamsFromJob(event.job);
      const streams: Record<string, StreamProgress> = { ...state.streams };
      for (const [name, s] of Object.entries(fromJob)) {
        const prev = streams[name];
        streams[name] = prev
          ? {
              ...s,
              records_loaded: Math.max(s.records_loaded, prev.records_loaded),
              records_extracted: Math.max(s.records_extracted, prev.records_extracted),
              rows_per_second: s.rows_per_second ?? prev.rows_per_second,
            }
          : s;
      }
      return { ...state, job: event.job, streams };
    }
    case "logs":
      return appendLogs(state, event.logs);
    case "log":
      return appendLogs(state, [{ ...event, created_at: event.created_at ?? new Date().toISOString() }]);
    case "job": {
      if (!state.job) return state;
      return {
        ...state,
        job: {
          ...state.job,
          status: event.status,
          error: event.error ?? state.job.error,
          records_loaded: event.records_loaded ?? state.job.records_loaded,
          records_extracted: event.records_extracted ?? state.job.records_extracted,
        },
      };
    }
    case "stream":
    case "progress": {
      const prev = state.streams[event.stream] ?? {
        status: "running",
        records_extracted: 0,
        records_loaded: 0,
        rows_per_second: null,
      };
      const next: StreamProgress = {
        status: event.type === "stream" ? event.status : prev.status === "pending" ? "running" : prev.status,
        records_extracted: num(event.records_extracted, prev.records_extracted),
        records_loaded: num(event.records_loaded, prev.records_loaded),
        rows_per_second:
          typeof event.rows_per_second === "number" ? event.rows_per_second : prev.rows_per_second,
        error: event.type === "stream" ? (event.error ?? prev.error) : prev.error,
      };
      return { ...state, streams: { ...state.streams, [event.stream]: next } };
    }
    default:
      return state;
  }
}

/** Events for other jobs are ignored. */
export function isForJob(event: { job_id?: number }, jobId: number): boolean {
  return event.job_id === jobId;
}
