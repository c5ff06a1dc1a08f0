import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, api, unwrap, type Schemas } from "./client";

export type Connection = Schemas["ConnectionPublic"];
export type Catalog = Schemas["CatalogPublic"];

export interface CatalogColumn {
  name: string;
  type: string;
  native_type?: string | null;
  nullable: boolean;
}
export interface CatalogForeignKey {
  columns: string[];
  referred_stream: string;
  referred_columns: string[];
}
/** One discovered stream (the API types it as a free-form object). */
export interface CatalogStream {
  name: string;
  namespace?: string | null;
  table?: string | null;
  kind?: string | null;
  columns: CatalogColumn[];
  primary_key: string[];
  cursor_candidates: string[];
  row_estimate?: number | null;
  foreign_keys?: CatalogForeignKey[];
  description?: string | null;
}

export function catalogStreams(catalog: Catalog | null | undefined): CatalogStream[] {
  return (catalog?.streams ?? []) as unknown as CatalogStream[];
}

export const connectionKeys = {
  all: ["connections"] as const,
  list: () => [...connectionKeys.all, "list"] as const,
  detail: (id: number) => [...connectionKeys.all, "detail", id] as const,
  schema: (id: number) => [...connectionKeys.all, "schema", id] as const,
};

export const connectionsQuery = () =>
  queryOptions({
    queryKey: connectionKeys.list(),
    queryFn: () => unwrap(api.GET("/api/connections")),
  });

export const connectionQuery = (id: number) =>
  queryOptions({
    queryKey: connectionKeys.detail(id),
    queryFn: () =>
      unwrap(api.GET("/api/connections/{connection_id}", { params: { path: { connection_id: id } } })),
  });

/** The cached catalog, or null when the connection was never discovered (404). */
export const connectionSchemaQuery = (id: number) =>
  queryOptions({
    queryKey: connectionKeys.schema(id),
    queryFn: async (): Promise<Catalog | null> => {
      try {
        return await unwrap(
          api.GET("/api/connections/{connection_id}/schema", {
            params: { path: { connection_id: id } },
          }),
        );
      } catch (exc) {
        if (exc instanceof ApiError && exc.status === 404) return null;
        throw exc;
      }
    },
  });

export function useCreateConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ConnectionCreate"]) =>
      unwrap(api.POST("/api/connections", { body })),
    onSuccess: (conn) => {
      qc.setQueryData(connectionKeys.detail(conn.id), conn);
      void qc.invalidateQueries({ queryKey: connectionKeys.list() });
    },
  });
}

export function useUpdateConnection(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["ConnectionUpdate"]) =>
      unwrap(
        api.PATCH("/api/connections/{connection_id}", {
          params: { path: { connection_id: id } },
          body,
        }),
      ),
    onSuccess: (conn) => {
      qc.setQueryData(connectionKeys.detail(id), conn);
      void qc.invalidateQueries({ queryKey: connectionKeys.list() });
    },
  });
}

export function useDeleteConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.DELETE("/api/connections/{connection_id}", { params: { path: { connection_id: id } } }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}

type Job = Schemas["JobPublic"];
export type TestResult = Schemas["ConnectionTestResult"];

/** Poll a metadata job (test / discover) that outlived the server's wait, until it finishes. */
async function followJob(jobId: number): Promise<Job> {
  for (;;) {
    const job = await unwrap(api.GET("/api/jobs/{job_id}", { params: { path: { job_id: jobId } } }));
    if (job.status !== "pending" && job.status !== "running") return job;
    await new Promise((r) => setTimeout(r, 1000));
  }
}

function isJob(x: unknown): x is Job {
  return typeof x === "object" && x !== null && "kind" in x && "status" in x;
}

export async function testConnection(id: number): Promise<TestResult> {
  const answer = await unwrap(
    api.POST("/api/connections/{connection_id}/test", { params: { path: { connection_id: id } } }),
  );
  if (!isJob(answer)) return answer;
  const job = await followJob(answer.id);
  const result = job.result as { ok?: boolean; message?: string; tested_at?: string } | null;
  if (job.status === "success" && result)
    return { ok: Boolean(result.ok), message: String(result.message ?? ""), tested_at: String(result.tested_at ?? job.finished_at) };
  throw new ApiError(502, job.error ?? "the connection test failed");
}

export async function discoverConnection(id: number): Promise<Catalog> {
  const answer = await unwrap(
    api.POST("/api/connections/{connection_id}/discover", { params: { path: { connection_id: id } } }),
  );
  if (!isJob(answer)) return answer;
  const job = await followJob(answer.id);
  if (job.status !== "success") throw new ApiError(502, job.error ?? "discovery failed");
  return unwrap(api.GET("/api/connections/{connection_id}/schema", { params: { path: { connection_id: id } } }));
}

export function useTestConnection() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: testConnection,
    onSettled: (_r, _e, id) => {
      void qc.invalidateQueries({ queryKey: connectionKeys.detail(id) });
      void qc.invalidateQueries({ queryKey: connectionKeys.list() });
    },
  });
}

export function useDiscover(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => discoverConnection(id),
    onSuccess: (catalog) => qc.setQueryData(connectionKeys.schema(id), catalog),
  });
}
