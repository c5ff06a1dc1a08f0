import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";
import { jobKeys } from "./jobs";

export type Pipeline = Schemas["PipelinePublic"];
export type PipelineCreate = Schemas["PipelineCreate"];

export const pipelineKeys = {
  all: ["pipelines"] as const,
  list: () => [...pipelineKeys.all, "list"] as const,
  detail: (id: number) => [...pipelineKeys.all, "detail", id] as const,
  state: (id: number) => [...pipelineKeys.all, "state", id] as const,
  stateCurrent: (id: number) => [...pipelineKeys.state(id), "current"] as const,
  stateHistory: (id: number) => [...pipelineKeys.state(id), "history"] as const,
};

export type StreamState = Schemas["StreamStatePublic"];
export type PipelineState = Schemas["PipelineStatePublic"];

export const pipelinesQuery = () =>
  queryOptions({
    queryKey: pipelineKeys.list(),
    queryFn: () => unwrap(api.GET("/api/pipelines")),
    refetchInterval: 10_000,
  });

export const pipelineQuery = (id: number) =>
  queryOptions({
    queryKey: pipelineKeys.detail(id),
    queryFn: () =>
      unwrap(api.GET("/api/pipelines/{pipeline_id}", { params: { path: { pipeline_id: id } } })),
  });

export function useCreatePipeline() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PipelineCreate) => unwrap(api.POST("/api/pipelines", { body })),
    onSuccess: (p) => {
      qc.setQueryData(pipelineKeys.detail(p.id), p);
      void qc.invalidateQueries({ queryKey: pipelineKeys.list() });
    },
  });
}

export function useUpdatePipeline(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas["PipelineUpdate"]) =>
      unwrap(
        api.PATCH("/api/pipelines/{pipeline_id}", { params: { path: { pipeline_id: id } }, body }),
      ),
    onSuccess: (p) => {
      qc.setQueryData(pipelineKeys.detail(id), p);
      void qc.invalidateQueries({ queryKey: pipelineKeys.list() });
    },
  });
}

export function useDeletePipeline() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.DELETE("/api/pipelines/{pipeline_id}", { params: { path: { pipeline_id: id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: pipelineKeys.all }),
  });
}

export function useRunPipeline() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(
        api.POST("/api/pipelines/{pipeline_id}/run", { params: { path: { pipeline_id: id } } }),
      ),
    onSuccess: (job) => {
      qc.setQueryData(jobKeys.detail(job.id), job);
      void qc.invalidateQueries({ queryKey: pipelineKeys.all });
      void qc.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}

/** The current sync position of every stream (newest state row per stream). */
export const pipelineStateQuery = (id: number) =>
  queryOptions({
    queryKey: pipelineKeys.stateCurrent(id),
    queryFn: () =>
      unwrap(api.GET("/api/pipelines/{pipeline_id}/state", { params: { path: { pipeline_id: id } } })),
  });

/** Every state advance, newest first (the server keeps the latest 200). */
export const pipelineStateHistoryQuery = (id: number) =>
  queryOptions({
    queryKey: pipelineKeys.stateHistory(id),
    queryFn: () =>
      unwrap(
        api.GET("/api/pipelines/{pipeline_id}/state/history", { params: { path: { pipeline_id: id } } }),
      ),
  });

function useStateMutation<V>(id: number, call: (v: V) => Promise<PipelineState>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (current) => {
      qc.setQueryData(pipelineKeys.stateCurrent(id), current);
      void qc.invalidateQueries({ queryKey: pipelineKeys.stateHistory(id) });
    },
  });
}

/** Forget the position of some streams (all when `streams` is omitted): the next run re-reads them. */
export function useResetState(id: number) {
  return useStateMutation(id, (streams?: string[]) =>
    unwrap(
      api.POST("/api/pipelines/{pipeline_id}/state/reset", {
        params: { path: { pipeline_id: id } },
        body: streams ? { streams } : {},
      }),
    ),
  );
}

/** Make an earlier state row current again (recorded as a new row). */
export function useRollbackState(id: number) {
  return useStateMutation(id, (state_id: number) =>
    unwrap(
      api.POST("/api/pipelines/{pipeline_id}/state/rollback", {
        params: { path: { pipeline_id: id } },
        body: { state_id },
      }),
    ),
  );
}
