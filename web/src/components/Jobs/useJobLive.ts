// Live job state: WebSocket events when /api/ws is available, polling GET /api/jobs/{id} and
// /logs?after_id= every second when it is not. Both feed the same reducer.
import { useEffect, useReducer, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchJobLogs, isActive, jobKeys, jobQuery } from "../../api/jobs";
import { pipelineKeys } from "../../api/pipelines";
import { useSocketStatus } from "../../lib/hooks";
import { initialLive, liveReducer, type LiveEvent } from "../../lib/liveJob";
import { liveSocket } from "../../lib/liveSocket";

export function useJobLive(jobId: number) {
  const [state, dispatch] = useReducer(liveReducer, initialLive);
  const socket = useSocketStatus();
  const qc = useQueryClient();
  const job = useQuery({
    ...jobQuery(jobId),
    refetchInterval: (q) => (isActive(q.state.data?.status) ? (socket === "open" ? 2000 : 1000) : false),
  });

  useEffect(() => {
    if (job.data) dispatch({ type: "snapshot", job: job.data });
  }, [job.data]);

  useEffect(
    () =>
      liveSocket.subscribe((raw) => {
        if (raw.job_id !== jobId) return;
        dispatch(raw as unknown as LiveEvent);
        if (raw.type === "job") {
          void qc.invalidateQueries({ queryKey: jobKeys.detail(jobId) });
          if (!isActive(String(raw.status))) void qc.invalidateQueries({ queryKey: pipelineKeys.all });
        }
      }),
    [jobId, qc],
  );

  // Logs: poll after the last id seen; stop after one last fetch once the job has finished.
  const lastId = useRef(0);
  lastId.current = state.lastLogId;
  const status = useRef<string | undefined>(undefined);
  status.current = state.job?.status;
  const socketRef = useRef(socket);
  socketRef.current = socket;
  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let finalFetchDone = false;
    const tick = async () => {
      const wasActive = status.current === undefined || isActive(status.current);
      try {
        const page = await fetchJobLogs(jobId, lastId.current);
        if (!stopped) dispatch({ type: "logs", logs: page.data });
        if (page.count >= 1000 && !stopped) {
          timer = setTimeout(tick, 0);
          return;
        }
      } catch {
        /* transient: try again on the next tick */
      }
      if (stopped) return;
      if (!wasActive) {
        if (finalFetchDone) return;
        finalFetchDone = true;
      }
      timer = setTimeout(tick, socketRef.current === "open" ? 3000 : 1000);
    };
    void tick();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [jobId, state.job?.status]);

  return { state, job, socket };
}
