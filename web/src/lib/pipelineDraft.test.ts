// @vitest-environment node
import { describe, expect, it } from "vitest";
import type { Connection } from "../api/connections";
import type { Pipeline } from "../api/pipelines";
import { catalog } from "../test/fixtures";
import { draftFromPipeline, emptyDraft, suggestStream, toPayload, validateDraft, type PipelineDraft } from "./pipelineDraft";

const conn = (id: number, is_source: boolean): Connection =>
  ({ id, name: is_source ? "shop" : "warehouse", is_source, connector_type: "postgres" }) as Connection;
const connections = [conn(1, true), conn(2, false)];

function ready(patch: Partial<PipelineDraft> = {}): PipelineDraft {
  return {
    ...emptyDraft(),
    name: "Shop to warehouse",
    source_connection_id: 1,
    destination_connection_id: 2,
    streams: { "public.customers": suggestStream(catalog[0], true) },
    ...patch,
  };
}
const fields = (d: PipelineDraft, cat = catalog) => validateDraft(d, cat, connections).map((i) => i.field);

describe("suggestStream", () => {
  it("suggests incremental on the first cursor candidate and the discovered key", () => {
    expect(suggestStream(catalog[0])).toEqual({ selected: false, columns: null, sync_mode: "incremental", cursor_field: "created_at", primary_key: ["id"] });
    expect(suggestStream(catalog[1]).sync_mode).toBe("full_refresh");
  });
});

describe("validateDraft", () => {
  it("accepts a complete draft", () => {
    expect(validateDraft(ready(), catalog, connections)).toEqual([]);
  });

  it("asks for a name, both connections and a stream", () => {
    expect(fields({ ...emptyDraft() }, catalog)).toEqual(expect.arrayContaining(["name", "source", "destination", "streams"]));
  });

  it("asks to discover the source when there is no catalog", () => {
    const issues = validateDraft(ready(), null, connections);
    expect(issues.find((i) => i.field === "streams")?.message).toMatch(/Discover/);
  });

  it("refuses connections used in the wrong role", () => {
    const msgs = validateDraft(ready({ source_connection_id: 2, destination_connection_id: 1 }), catalog, connections).map((i) => i.message);
    expect(msgs).toEqual(expect.arrayContaining(["warehouse is a destination, not a source", "shop is a source, not a destination"]));
  });

  it("needs a cursor for incremental streams, and it must be copied", () => {
    const noCursor = ready({ streams: { "public.customers": { ...suggestStream(catalog[0], true), cursor_field: null } } });
    expect(fields(noCursor)).toContain("streams.public.customers.cursor_field");
    const cursorDropped = ready({ streams: { "public.customers": { ...suggestStream(catalog[0], true), columns: ["id", "name"] } } });
    expect(validateDraft(cursorDropped, catalog, connections)[0].message).toMatch(/cursor column created_at must be copied/);
  });

  it("needs a primary key to merge, and key columns must be copied", () => {
    const noKey = ready({ write_mode: "merge", streams: { "public.customers": { ...suggestStream(catalog[0], true), primary_key: [] } } });
    expect(fields(noKey)).toContain("streams.public.customers.primary_key");
    const keyDropped = ready({ streams: { "public.customers": { ...suggestStream(catalog[0], true), sync_mode: "full_refresh", columns: ["name"] } } });
    expect(validateDraft(keyDropped, catalog, connections)[0].message).toMatch(/primary key column id must be copied/);
  });

  it("refuses an empty column list, a bad prefix and an invalid cron", () => {
    const d = ready({
      streams: { "public.events": { ...suggestStream(catalog[1], true), columns: [] } },
      table_prefix: "raw-",
      schedule_cron: "* * *",
    });
    expect(fields(d)).toEqual(expect.arrayContaining(["streams.public.events.columns", "table_prefix", "schedule_cron"]));
  });

  it("flags streams that vanished from the catalog", () => {
    const d = ready({ streams: { "public.gone": { ...suggestStream(catalog[0], true) } } });
    expect(validateDraft(d, catalog, connections)[0].message).toMatch(/no longer in the source/);
  });
});

describe("toPayload / draftFromPipeline", () => {
  it("builds the API body: only selected streams, columns only when narrowed", () => {
    const d = ready({
      write_mode: "merge",
      schedule_cron: "0 2 * * *",
      schedule_timezone: "Europe/Paris",
      streams: {
        "public.customers": suggestStream(catalog[0], true),
        "public.events": { ...suggestStream(catalog[1], true), columns: ["kind"] },
        "public.other": { ...suggestStream(catalog[0], false) },
      },
    });
    const body = toPayload(d, catalog);
    expect(body.source_config.streams).toEqual([
      { name: "public.customers", columns: null, sync_mode: "incremental", cursor_field: "created_at", primary_key: ["id"] },
      { name: "public.events", columns: ["kind"], sync_mode: "full_refresh", cursor_field: null, primary_key: null },
    ]);
    expect(body.destination_config).toEqual({ schema: "public", table_prefix: "", write_mode: "merge" });
    expect(body).toMatchObject({ name: "Shop to warehouse", schedule_cron: "0 2 * * *", schedule_timezone: "Europe/Paris", enabled: true });
  });

  it("omits write_mode without incremental streams and sends null for a manual schedule", () => {
    const body = toPayload(ready({ streams: { "public.events": suggestStream(catalog[1], true) }, write_mode: "merge" }), catalog);
    expect(body.destination_config?.write_mode).toBeNull();
    expect(body.schedule_cron).toBeNull();
  });

  it("round-trips a saved pipeline", () => {
    const body = toPayload(ready({ schedule_cron: "0 * * * *" }), catalog);
    const saved = { ...body, id: 7, sync_mode: "full_refresh", enabled: true, schedule_timezone: "UTC" } as unknown as Pipeline;
    const d = draftFromPipeline(saved);
    expect(d.streams["public.customers"]).toEqual({ ...suggestStream(catalog[0], true) });
    expect(d.schedule_cron).toBe("0 * * * *");
    expect(toPayload(d, catalog)).toEqual(body);
  });
});

describe("custom SQL streams", () => {
  const query = { name: "paid_orders", sql: "SELECT id, amount FROM public.orders WHERE status = 'paid'", sync_mode: "full_refresh" as const, cursor_field: "", primary_key: [] };

  it("count as something to copy and go into source_config.queries", () => {
    const d = ready({ streams: {}, queries: [query] });
    expect(validateDraft(d, catalog, connections)).toEqual([]);
    expect(toPayload(d, catalog).source_config).toEqual({
      streams: [],
      queries: [{ name: "paid_orders", sql: query.sql, sync_mode: "full_refresh", cursor_field: null, primary_key: null }],
    });
  });

  it("need a unique name, a SELECT, and a cursor (and a key to merge) when incremental", () => {
    const d = ready({
      write_mode: "merge",
      queries: [
        { ...query, name: "public.customers" },
        { ...query, name: "", sql: "DELETE FROM orders", sync_mode: "incremental" },
      ],
    });
    const msgs = validateDraft(d, catalog, connections).map((i) => `${i.field}: ${i.message}`);
    expect(msgs).toEqual([
      "queries.0.name: public.customers: another stream already has this name",
      "queries.1.name: Query 2: name the query's stream (it names the table)",
      "queries.1.sql: Query 2: the query must be a SELECT (or WITH … SELECT)",
      "queries.1.cursor_field: Query 2: incremental sync needs a cursor column",
      "queries.1.primary_key: Query 2: merge needs a primary key to match rows on",
    ]);
  });

  it("round-trip through a saved pipeline", () => {
    const body = toPayload(ready({ queries: [{ ...query, sync_mode: "incremental", cursor_field: "id", primary_key: ["id"] }] }), catalog);
    const d = draftFromPipeline({ ...body, id: 1, sync_mode: "full_refresh", enabled: true, schedule_timezone: "UTC" } as unknown as Pipeline);
    expect(d.queries).toEqual([{ ...query, sync_mode: "incremental", cursor_field: "id", primary_key: ["id"] }]);
    expect(toPayload(d, catalog)).toEqual(body);
  });
});
