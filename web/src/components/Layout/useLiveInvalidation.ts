import { useEffect } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { liveSocket } from "../../lib/liveSocket";
import { jobKeys } from "../../api/jobs";
import { pipelineKeys } from "../../api/pipelines";

/** Job status events refresh the lists (dashboard, history) without waiting for a poll. */
export function useLiveInvalidation() {
  const qc = useQueryClient();
  useEffect(
    () =>
      liveSocket.subscribe((event) => {
        if (event.type !== "job") return;
        void qc.invalidateQueries({ queryKey: jobKeys.lists() });
        void qc.invalidateQueries({ queryKey: pipelineKeys.all });
      }),
    [qc],
  );
}
