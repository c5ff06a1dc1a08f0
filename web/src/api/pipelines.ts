import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";
import { jobKeys } from "./jobs";

export type Pipeline = Schemas["PipelinePublic"];
export type PipelineCreate = Schemas["PipelineCreate"];

export const pipelineKeys = {
  all: ["pipelines"] as const,
  list: () => [...pipelineKeys.all, "list"] as const,
  detail: (id: number) => [...pipelineKeys.all, "detail", id] as const,
};

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
