import { AnchorLink, ButtonLink } from "../ui/links";
import { useState } from "react";
import { Badge, Breadcrumbs, Button, Group, Modal, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight, IconEdit, IconPlayerPlay, IconTrash } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { errorMessage } from "../../api/client";
import { connectionsQuery } from "../../api/connections";
import { isActive, jobsQuery, type JobStatus } from "../../api/jobs";
import { pipelineQuery, useDeletePipeline, useRunPipeline, useUpdatePipeline } from "../../api/pipelines";
import { previewCron } from "../../lib/cron";
import { formatDateTime, relativeTime } from "../../lib/format";
import { JobCharts } from "../Dashboard/LazyJobCharts";
import { JobsTable } from "../Jobs/JobsTable";
import { ErrorState, Loading, PageHeader } from "../ui/States";
import { StatusBadge } from "../ui/StatusBadge";
import { RunSettingsCard } from "./RunSettingsCard";
import { StatePanel } from "./StatePanel";

export function PipelineDetail({ id }: { id: number }) {
  const pipeline = useQuery(pipelineQuery(id));
  const [status, setStatus] = useState<JobStatus | "">("");
  const jobs = useQuery(jobsQuery({ pipeline_id: id, status, limit: 100 }));
  const chartJobs = useQuery(jobsQuery({ pipeline_id: id, limit: 100 }));
  const connections = useQuery(connectionsQuery());
  const run = useRunPipeline();
  const del = useDeletePipeline();
  const update = useUpdatePipeline(id);
  const navigate = useNavigate();
  const [confirm, setConfirm] = useState(false);

  if (pipeline.isPending) return <Loading label="Loading the pipeline…" />;
  if (pipeline.isError) return <ErrorState error={pipeline.error} retry={() => void pipeline.refetch()} />;
  const p = pipeline.data;
  const names = new Map((connections.data?.data ?? []).map((c) => [c.id, c.name]));
  const streams = ((p.source_config as { streams?: { name: string; sync_mode?: string }[] }).streams ?? []);
  const queries = ((p.source_config as { queries?: { name: string; sync_mode?: string }[] }).queries ?? []);
  const dest = p.destination_config as { schema?: string; table_prefix?: string; write_mode?: string };
  const cron = p.schedule_cron ? previewCron(p.schedule_cron, p.schedule_timezone, 1) : null;
  const active = isActive(p.last_job?.status);

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/pipelines">Pipelines</AnchorLink>
        <Text size="sm">{p.name}</Text>
      </Breadcrumbs>
      <PageHeader
        title={<Group gap="sm">{p.name}<StatusBadge status={p.last_job?.status} /></Group>}
        description={
          <Group gap={6} component="span">
            <span>{names.get(p.source_connection_id) ?? "source"}</span>
            <IconArrowRight size={12} />
            <span>{names.get(p.destination_connection_id) ?? "destination"}</span>
          </Group>
        }
        actions={
          <>
            <Button variant="subtle" color="red" leftSection={<IconTrash size={16} />} onClick={() => setConfirm(true)}>Delete</Button>
            <ButtonLink variant="default" to="/pipelines/$id/edit" params={{ id }} leftSection={<IconEdit size={16} />}>Edit</ButtonLink>
            <Button
              leftSection={<IconPlayerPlay size={16} />}
              loading={run.isPending}
              disabled={active}
              onClick={() =>
                run.mutate(id, {
                  onSuccess: (job) => void navigate({ to: "/jobs/$id", params: { id: job.id } }),
                  onError: (e) => notifications.show({ color: "red", title: "Cannot run", message: errorMessage(e) }),
                })
              }
            >
              Run now
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <Paper withBorder radius="lg" p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>Streams</Text>
            <Group gap={4} mt={6}>
              {streams.map((s) => <Badge key={s.name} variant="light" tt="none">{s.name} · {(s.sync_mode ?? p.sync_mode).replace("_", " ")}</Badge>)}
              {queries.map((q) => <Badge key={q.name} variant="light" color="grape" tt="none">{q.name} (SQL) · {(q.sync_mode ?? p.sync_mode).replace("_", " ")}</Badge>)}
            </Group>
          </Paper>
          <Paper withBorder radius="lg" p="md">
            <Text size="xs" c="dimmed" tt="uppercase" fw={700}>Destination</Text>
            <Text size="sm" mt={6} className="mono">{dest.schema ?? "public"}.{dest.table_prefix ?? ""}&lt;table&gt;</Text>
            <Text size="xs" c="dimmed">incremental writes: {dest.write_mode ?? "append"}</Text>
          </Paper>
          <Paper withBorder radius="lg" p="md">
            <Group justify="space-between">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>Schedule</Text>
              <Switch
                size="xs"
                label={p.enabled ? "Enabled" : "Paused"}
                checked={p.enabled}
                disabled={update.isPending}
                onChange={(e) =>
                  update.mutate(
                    { enabled: e.currentTarget.checked },
                    { onError: (err) => notifications.show({ color: "red", title: "Cannot change the schedule", message: errorMessage(err) }) },
                  )
                }
              />
            </Group>
            <Text size="sm" mt={6}>{cron ? cron.description : "Manual only"}{!p.enabled && " (paused)"}</Text>
            <Text size="xs" c="dimmed" title={formatDateTime(p.next_run_at)}>
              {p.next_run_at && p.enabled ? `next run ${relativeTime(p.next_run_at)} · ${p.schedule_timezone}` : "runs when you press Run now"}
            </Text>
          </Paper>
          <RunSettingsCard pipeline={p} />
        </SimpleGrid>
        <JobCharts jobs={chartJobs.data?.data ?? []} />
        <StatePanel
          pipelineId={id}
          running={active}
          streams={[
            ...streams.map((s) => ({ name: s.name, sync_mode: s.sync_mode ?? p.sync_mode })),
            ...queries.map((q) => ({ name: q.name, sync_mode: q.sync_mode ?? p.sync_mode })),
          ]}
        />
        <Paper withBorder radius="lg" p="xs">
          <Group justify="space-between" p="xs">
            <Text fw={600}>Job history</Text>
            <SegmentedControl size="xs" value={status} onChange={(v) => setStatus(v as JobStatus | "")} data={[
              { label: "All", value: "" },
              { label: "Succeeded", value: "success" },
              { label: "Failed", value: "failed" },
              { label: "Running", value: "running" },
            ]} aria-label="Filter jobs by status" />
          </Group>
          {jobs.isPending ? <Loading /> : jobs.isError ? <ErrorState error={jobs.error} retry={() => void jobs.refetch()} /> : jobs.data.count === 0 ? (
            <Text size="sm" c="dimmed" p="sm">{status ? "No job with this status." : "This pipeline has not run yet. Press Run now to start it."}</Text>
          ) : (
            <JobsTable jobs={jobs.data.data} showPipeline={false} />
          )}
        </Paper>
      </Stack>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={`Delete ${p.name}?`} centered>
        <Stack>
          <Text size="sm">The pipeline, its job history and its sync state are deleted. Data already loaded stays in the destination.</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>Cancel</Button>
            <Button color="red" loading={del.isPending} onClick={() => del.mutate(id, {
              onSuccess: () => void navigate({ to: "/pipelines" }),
              onError: (e) => notifications.show({ color: "red", title: "Cannot delete", message: errorMessage(e) }),
            })}>Delete</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
