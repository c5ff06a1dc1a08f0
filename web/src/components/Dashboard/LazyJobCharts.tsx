// recharts is the biggest dependency: load it after the first paint.
import { lazy, Suspense } from "react";
import { Skeleton, SimpleGrid } from "@mantine/core";
import type { Job } from "../../api/jobs";

const Charts = lazy(() => import("./JobCharts").then((m) => ({ default: m.JobCharts })));

export function JobCharts({ jobs }: { jobs: Job[] }) {
  return (
    <Suspense
      fallback={
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
          <Skeleton h={250} radius="lg" />
          <Skeleton h={250} radius="lg" />
        </SimpleGrid>
      }
    >
      <Charts jobs={jobs} />
    </Suspense>
  );
}
