import { ButtonLink } from "../ui/links";
// Monitoring: every pipeline with status, last and next run; charts; recent jobs.
import { Group, Paper, SimpleGrid, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconActivity, IconCircleCheck, IconDatabaseExport, IconDatabaseImport, IconPlus, IconRoute, IconTransfer, IconAlertTriangle } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { connectionsQuery } from "../../api/connections";
import { isActive, jobsQuery } from "../../api/jobs";
import { pipelinesQuery } from "../../api/pipelines";
import { formatNumber } from "../../lib/format";
import { JobsTable } from "../Jobs/JobsTable";
import { PipelinesTable } from "../Pipelines/PipelinesTable";
import { ErrorState, Loading, PageHeader } from "../ui/States";
import { JobCharts } from "./LazyJobCharts";

function Stat({ label, value, hint, icon, color }: { label: string; value: ReactNode; hint?: string; icon: ReactNode; color: string }) {
  return (
    <Paper withBorder radius="lg" p="md" className="stat-card">
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{label}</Text>
          <Text fz={26} fw={700} lh={1.2} mt={4} data-testid={`stat-${label.toLowerCase().replace(/\s+/g, "-")}`}>{value}</Text>
          {hint && <Text size="xs" c="dimmed" mt={2}>{hint}</Text>}
        </div>
        <ThemeIcon variant="light" color={color} size={38} radius="md">{icon}</ThemeIcon>
      </Group>
    </Paper>
  );
}

function GettingStarted({ sources, destinations }: { sources: number; destinations: number }) {
  const steps = [
    { done: sources > 0, title: "Add a source", text: "A database or files to read from.", to: "/connections/new", search: { role: "source" as const }, icon: <IconDatabaseExport size={18} /> },
    { done: destinations > 0, title: "Add a destination", text: "Where the data should land.", to: "/connections/new", search: { role: "destination" as const }, icon: <IconDatabaseImport size={18} /> },
    { done: false, title: "Build a pipeline", text: "Pick tables, sync modes and a schedule.", to: "/pipelines/new", search: {}, icon: <IconRoute size={18} /> },
  ];
  const next = steps.findIndex((s) => !s.done);
  return (
    <Paper withBorder radius="lg" p="xl">
      <Title order={3} mb={4}>Move your first data in three steps</Title>
      <Text c="dimmed" size="sm" mb="lg">Nothing is running yet. Each step takes about a minute.</Text>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {steps.map((s, i) => (
          <Paper key={s.title} withBorder radius="md" p="md" style={{ borderColor: i === next ? "var(--mantine-primary-color-filled)" : undefined }}>
            <Group gap="sm" mb="xs">
              <ThemeIcon variant={s.done ? "filled" : "light"} color={s.done ? "teal" : undefined} radius="xl">
                {s.done ? <IconCircleCheck size={18} /> : s.icon}
              </ThemeIcon>
              <Text fw={600}>{i + 1}. {s.title}</Text>
            </Group>
            <Text size="sm" c="dimmed" mb="md">{s.text}</Text>
            <ButtonLink to={s.to} search={s.search} size="xs" variant={i === next ? "filled" : "default"} disabled={s.done}>
              {s.done ? "Done" : s.title}
            </ButtonLink>
          </Paper>
        ))}
      </SimpleGrid>
    </Paper>
  );
}

export function Dashboard() {
  const pipelines = useQuery(pipelinesQuery());
  const jobs = useQuery(jobsQuery({ limit: 200 }));
  const connections = useQuery(connectionsQuery());

  if (pipelines.isPending || connections.isPending) return <Loading label="Loading the dashboard…" />;
  if (pipelines.isError) return <ErrorState error={pipelines.error} retry={() => void pipelines.refetch()} />;
  if (connections.isError) return <ErrorState error={connections.error} retry={() => void connections.refetch()} />;

  const conns = connections.data.data;
  // Pipeline runs only (connection tests and discoveries are jobs too).
  const allJobs = (jobs.data?.data ?? []).filter((j) => j.kind === "sync");
  const dayAgo = Date.now() - 86400_000;
  const recent = allJobs.filter((j) => Date.parse(j.created_at) >= dayAgo);
  const rows24 = recent.reduce((n, j) => n + j.records_loaded, 0);
  const failed24 = recent.filter((j) => j.status === "failed").length;
  const running = allJobs.filter((j) => isActive(j.status)).length;

  return (
    <>
      <PageHeader
        title="Dashboard"
        description="Every pipeline, its last and next run, and what moved."
        actions={<ButtonLink to="/pipelines/new" leftSection={<IconPlus size={16} />}>New pipeline</ButtonLink>}
      />
      {pipelines.data.count === 0 ? (
        <GettingStarted sources={conns.filter((c) => c.is_source).length} destinations={conns.filter((c) => !c.is_source).length} />
      ) : (
        <Stack gap="lg">
          <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
            <Stat label="Pipelines" value={pipelines.data.count} hint={`${pipelines.data.data.filter((p) => p.enabled && p.schedule_cron).length} scheduled`} icon={<IconRoute size={20} />} color="sluice" />
            <Stat label="Rows moved" value={formatNumber(rows24)} hint="last 24 hours" icon={<IconTransfer size={20} />} color="teal" />
            <Stat label="Runs" value={recent.length} hint={`last 24 hours · ${failed24} failed`} icon={failed24 ? <IconAlertTriangle size={20} /> : <IconCircleCheck size={20} />} color={failed24 ? "red" : "teal"} />
            <Stat label="Running now" value={running} hint={running ? "live below" : "all quiet"} icon={<IconActivity size={20} />} color="blue" />
          </SimpleGrid>
          <Paper withBorder radius="lg" p="xs">
            <Text fw={600} px="sm" pt="xs">Pipelines</Text>
            <PipelinesTable pipelines={pipelines.data.data} connections={conns} />
          </Paper>
          {jobs.isError ? <ErrorState error={jobs.error} retry={() => void jobs.refetch()} /> : <JobCharts jobs={allJobs} />}
          <Paper withBorder radius="lg" p="xs">
            <Text fw={600} px="sm" pt="xs">Recent jobs</Text>
            {jobs.isPending ? <Loading /> : allJobs.length === 0 ? (
              <Text size="sm" c="dimmed" p="sm">No job has run yet. Press ▶ on a pipeline to start one.</Text>
            ) : (
              <JobsTable jobs={allJobs.slice(0, 10)} pipelines={pipelines.data.data} />
            )}
          </Paper>
        </Stack>
      )}
    </>
  );
}
