import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "./client";

export type Job = Schemas["JobPublic"];
export type JobLog = Schemas["JobLogPublic"];
export type JobStatus = Schemas["JobStatus"];
export interface JobFilter {
  pipeline_id?: number;
  /** "" = any status */
  status?: JobStatus | "";
  limit?: number;
}

export const ACTIVE_STATUSES = ["pending", "running"];
export const isActive = (status: string | undefined) => ACTIVE_STATUSES.includes(status ?? "");

export const jobKeys = {
  all: ["jobs"] as const,
  lists: () => [...jobKeys.all, "list"] as const,
  list: (filter: JobFilter) => [...jobKeys.lists(), filter] as const,
  detail: (id: number) => [...jobKeys.all, "detail", id] as const,
};

export const jobsQuery = (filter: JobFilter) =>
  queryOptions({
    queryKey: jobKeys.list(filter),
    queryFn: () =>
      unwrap(
        api.GET("/api/jobs", {
          params: {
            query: {
              pipeline_id: filter.pipeline_id,
              status: filter.status || undefined,
              limit: filter.limit ?? 50,
            },
          },
        }),
      ),
    refetchInterval: (q) => (q.state.data?.data.some((j) => isActive(j.status)) ? 2_000 : 15_000),
  });

export const jobQuery = (id: number) =>
  queryOptions({
    queryKey: jobKeys.detail(id),
    queryFn: () => unwrap(api.GET("/api/jobs/{job_id}", { params: { path: { job_id: id } } })),
  });

export function fetchJobLogs(id: number, afterId: number) {
  return unwrap(
    api.GET("/api/jobs/{job_id}/logs", {
      params: { path: { job_id: id }, query: { after_id: afterId, limit: 1000 } },
    }),
  );
}

export function useCancelJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) =>
      unwrap(api.POST("/api/jobs/{job_id}/cancel", { params: { path: { job_id: id } } })),
    onSuccess: (job) => {
      qc.setQueryData(jobKeys.detail(job.id), job);
      void qc.invalidateQueries({ queryKey: jobKeys.lists() });
    },
  });
}
