// The pipeline builder's state, its validation, and the conversion to and from the API shape.
import type { CatalogStream, Connection } from "../api/connections";
import type { Pipeline, PipelineCreate } from "../api/pipelines";
import { previewCron } from "./cron";
import { advancedFromPipeline, advancedPayload, defaultAdvanced, validateAdvanced, type AdvancedDraft } from "./pipelineAdvanced";

export type SyncMode = "full_refresh" | "append" | "incremental";
export type WriteMode = "append" | "merge";

export interface StreamDraft {
  selected: boolean;
  /** null = every column (also the ones added later) */
  columns: string[] | null;
  sync_mode: SyncMode;
  cursor_field: string | null;
  primary_key: string[];
}

/** A custom SQL query read as a stream (sources that support it). */
export interface QueryDraft {
  name: string;
  sql: string;
  sync_mode: SyncMode;
  cursor_field: string;
  primary_key: string[];
}

export interface PipelineDraft {
  name: string;
  queries: QueryDraft[];
  source_connection_id: number | null;
  destination_connection_id: number | null;
  streams: Record<string, StreamDraft>;
  schema: string;
  table_prefix: string;
  write_mode: WriteMode;
  schedule_cron: string;
  schedule_timezone: string;
  enabled: boolean;
  /** Drift policy, parallelism, retries and the webhook (the builder's Advanced section). */
  advanced: AdvancedDraft;
}

export interface Issue {
  field: string;
  message: string;
}

export function emptyDraft(): PipelineDraft {
  return {
    name: "",
    source_connection_id: null,
    destination_connection_id: null,
    streams: {},
    queries: [],
    schema: "public",
    table_prefix: "",
    write_mode: "append",
    schedule_cron: "",
    schedule_timezone: "UTC",
    enabled: true,
    advanced: defaultAdvanced(),
  };
}

/** Suggested settings for a stream from discovery: incremental when it has a cursor candidate. */
export function suggestStream(stream: CatalogStream, selected = false): StreamDraft {
  const cursor = stream.cursor_candidates?.[0] ?? null;
  return {
    selected,
    columns: null,
    sync_mode: cursor ? "incremental" : "full_refresh",
    cursor_field: cursor,
    primary_key: stream.primary_key ?? [],
  };
}

export function streamDraft(draft: PipelineDraft, stream: CatalogStream): StreamDraft {
  return draft.streams[stream.name] ?? suggestStream(stream);
}

export function validateDraft(
  draft: PipelineDraft,
  catalog: CatalogStream[] | null,
  connections: Connection[] = [],
): Issue[] {
  const issues: Issue[] = [];
  if (!draft.name.trim()) issues.push({ field: "name", message: "Give the pipeline a name" });
  const source = connections.find((c) => c.id === draft.source_connection_id);
  const dest = connections.find((c) => c.id === draft.destination_connection_id);
  if (draft.source_connection_id === null) issues.push({ field: "source", message: "Pick a source connection" });
  else if (source && !source.is_source)
    issues.push({ field: "source", message: `${source.name} is a destination, not a source` });
  if (draft.destination_connection_id === null)
    issues.push({ field: "destination", message: "Pick a destination connection" });
  else if (dest && dest.is_source)
    issues.push({ field: "destination", message: `${dest.name} is a source, not a destination` });

  if (draft.source_connection_id !== null && catalog === null)
    issues.push({ field: "streams", message: "Discover the source's schema to pick streams" });

  const byName = new Map((catalog ?? []).map((s) => [s.name, s]));
  const selected = Object.entries(draft.streams).filter(([, s]) => s.selected);
  if (catalog !== null && selected.length === 0 && draft.queries.length === 0)
    issues.push({ field: "streams", message: "Select at least one stream to copy" });

  const taken = new Set(selected.map(([name]) => name));
  draft.queries.forEach((q, i) => {
    const label = q.name.trim() || `Query ${i + 1}`;
    if (!q.name.trim()) issues.push({ field: `queries.${i}.name`, message: `${label}: name the query's stream (it names the table)` });
    else if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(q.name.trim()))
      issues.push({ field: `queries.${i}.name`, message: `${label}: use letters, digits, _ and . in the name` });
    else if (taken.has(q.name.trim())) issues.push({ field: `queries.${i}.name`, message: `${label}: another stream already has this name` });
    taken.add(q.name.trim());
    if (!q.sql.trim()) issues.push({ field: `queries.${i}.sql`, message: `${label}: write the SELECT statement` });
    else if (!/^\s*(select|with)\b/i.test(q.sql)) issues.push({ field: `queries.${i}.sql`, message: `${label}: the query must be a SELECT (or WITH … SELECT)` });
    if (q.sync_mode === "incremental") {
      if (!q.cursor_field.trim()) issues.push({ field: `queries.${i}.cursor_field`, message: `${label}: incremental sync needs a cursor column` });
      if (draft.write_mode === "merge" && q.primary_key.length === 0)
        issues.push({ field: `queries.${i}.primary_key`, message: `${label}: merge needs a primary key to match rows on` });
    }
  });

  for (const [name, s] of selected) {
    const stream = byName.get(name);
    if (!stream) {
      issues.push({ field: `streams.${name}`, message: `${name} is no longer in the source's catalog` });
      continue;
    }
    const cols = s.columns ?? stream.columns.map((c) => c.name);
    if (cols.length === 0) issues.push({ field: `streams.${name}.columns`, message: `${name}: select at least one column` });
    if (s.sync_mode === "incremental") {
      if (!s.cursor_field)
        issues.push({ field: `streams.${name}.cursor_field`, message: `${name}: incremental sync needs a cursor column` });
      else if (!cols.includes(s.cursor_field))
        issues.push({ field: `streams.${name}.cursor_field`, message: `${name}: the cursor column ${s.cursor_field} must be copied` });
      if (draft.write_mode === "merge" && s.primary_key.length === 0)
        issues.push({ field: `streams.${name}.primary_key`, message: `${name}: merge needs a primary key to match rows on` });
    }
    const missingKey = s.primary_key.filter((k) => !cols.includes(k));
    if (missingKey.length)
      issues.push({
        field: `streams.${name}.primary_key`,
        message: `${name}: primary key column${missingKey.length > 1 ? "s" : ""} ${missingKey.join(", ")} must be copied`,
      });
  }

  if (!draft.schema.trim()) issues.push({ field: "schema", message: "Name the destination schema" });
  if (!/^[A-Za-z0-9_]*$/.test(draft.table_prefix))
    issues.push({ field: "table_prefix", message: "The table prefix may only use letters, digits and _" });

  const cron = previewCron(draft.schedule_cron, draft.schedule_timezone || "UTC", 1);
  if (!cron.ok) issues.push({ field: "schedule_cron", message: `Schedule: ${cron.error}` });
  for (const [field, message] of Object.entries(validateAdvanced(draft.advanced)))
    issues.push({ field: `advanced.${field}`, message });
  return issues;
}

/** The POST (or, with `update`, PATCH) body for the draft. */
export function toPayload(draft: PipelineDraft, catalog: CatalogStream[], update = false): PipelineCreate {
  const byName = new Map(catalog.map((s) => [s.name, s]));
  const streams = Object.entries(draft.streams)
    .filter(([, s]) => s.selected)
    .map(([name, s]) => {
      const stream = byName.get(name);
      const all = stream?.columns.map((c) => c.name) ?? [];
      const allColumns = s.columns === null || (all.length > 0 && all.every((c) => s.columns!.includes(c)));
      return {
        name,
        columns: allColumns ? null : s.columns,
        sync_mode: s.sync_mode,
        cursor_field: s.sync_mode === "incremental" ? s.cursor_field : null,
        primary_key: s.primary_key.length ? s.primary_key : null,
      };
    });
  const queries = draft.queries.map((q) => ({
    name: q.name.trim(),
    sql: q.sql.trim(),
    sync_mode: q.sync_mode,
    cursor_field: q.sync_mode === "incremental" ? q.cursor_field.trim() || null : null,
    primary_key: q.primary_key.length ? q.primary_key : null,
  }));
  const usesIncremental = [...streams, ...queries].some((s) => s.sync_mode === "incremental");
  return {
    name: draft.name.trim(),
    source_connection_id: draft.source_connection_id!,
    destination_connection_id: draft.destination_connection_id!,
    source_config: queries.length ? { streams, queries } : { streams },
    destination_config: {
      schema: draft.schema.trim(),
      table_prefix: draft.table_prefix,
      write_mode: usesIncremental ? draft.write_mode : null,
    },
    schedule_cron: draft.schedule_cron.trim() || null,
    schedule_timezone: draft.schedule_timezone || "UTC",
    enabled: draft.enabled,
    ...advancedPayload(draft.advanced, update),
  };
}

export function draftFromPipeline(p: Pipeline): PipelineDraft {
  const src = p.source_config as { streams?: Array<Record<string, unknown>>; queries?: Array<Record<string, unknown>> };
  const dst = p.destination_config as { schema?: string; table_prefix?: string; write_mode?: string | null };
  const streams: Record<string, StreamDraft> = {};
  for (const s of src.streams ?? []) {
    streams[String(s.name)] = {
      selected: true,
      columns: (s.columns as string[] | null | undefined) ?? null,
      sync_mode: ((s.sync_mode as SyncMode | undefined) ?? (p.sync_mode as SyncMode)) || "full_refresh",
      cursor_field: (s.cursor_field as string | null | undefined) ?? null,
      primary_key: (s.primary_key as string[] | null | undefined) ?? [],
    };
  }
  const queries: QueryDraft[] = (src.queries ?? []).map((q) => ({
    name: String(q.name ?? ""),
    sql: String(q.sql ?? ""),
    sync_mode: ((q.sync_mode as SyncMode | undefined) ?? (p.sync_mode as SyncMode)) || "full_refresh",
    cursor_field: (q.cursor_field as string | null | undefined) ?? "",
    primary_key: (q.primary_key as string[] | null | undefined) ?? [],
  }));
  return {
    name: p.name,
    queries,
    source_connection_id: p.source_connection_id,
    destination_connection_id: p.destination_connection_id,
    streams,
    schema: dst.schema ?? "public",
    table_prefix: dst.table_prefix ?? "",
    write_mode: dst.write_mode === "merge" ? "merge" : "append",
    schedule_cron: p.schedule_cron ?? "",
    schedule_timezone: p.schedule_timezone || "UTC",
    enabled: p.enabled,
    advanced: advancedFromPipeline(p),
  };
}
