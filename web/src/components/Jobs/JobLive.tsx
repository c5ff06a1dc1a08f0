import { AnchorLink } from "../ui/links";
// The live job view: status, per-stream progress bars, rows/s, streaming logs, cancel and re-run.
import { useEffect, useMemo, useRef, useState } from "react";
import { Alert, Badge, Breadcrumbs, Button, Group, Paper, Progress, ScrollArea, SegmentedControl, SimpleGrid, Stack, Switch, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertTriangle, IconPlayerPlay, IconPlayerStop } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { errorMessage } from "../../api/client";
import { catalogStreams, connectionSchemaQuery } from "../../api/connections";
import { isActive, useCancelJob } from "../../api/jobs";
import { pipelineQuery, useRunPipeline } from "../../api/pipelines";
import { formatDateTime, formatDuration, formatNumber } from "../../lib/format";
import { useNow } from "../../lib/hooks";
import type { StreamProgress } from "../../lib/liveJob";
import { ErrorState, Loading, PageHeader } from "../ui/States";
import { StatusBadge } from "../ui/StatusBadge";
import { useJobLive } from "./useJobLive";

const LEVEL_COLOR: Record<string, string> = { ERROR: "red", WARNING: "orange", INFO: "sluice", DEBUG: "gray" };

function streamPercent(s: StreamProgress, estimate: number | null | undefined): number | null {
  if (s.status === "success") return 100;
  if (!estimate || estimate <= 0) return null;
  return Math.min(99, (Math.max(s.records_extracted, s.records_loaded) / estimate) * 100);
}

function progressCaption(s: StreamProgress, pct: number | null, estimate: number | null | undefined): string {
  const size = estimate ? `~${formatNumber(estimate)} rows` : "";
  if (s.status === "waiting") return ["no update yet", size].filter(Boolean).join(" · ");
  if (s.status === "not run") return "did not run";
  if (pct !== null) return `${Math.round(pct)}%${size ? ` of ${size}` : ""}`;
  return s.status === "running" ? "size unknown" : "";
}

export function JobLive({ jobId }: { jobId: number }) {
  const { state, job, socket } = useJobLive(jobId);
  const j = state.job;
  const pipeline = useQuery({ ...pipelineQuery(j?.pipeline_id ?? 0), enabled: !!j?.pipeline_id });
  const catalog = useQuery({ ...connectionSchemaQuery(pipeline.data?.source_connection_id ?? 0), enabled: !!pipeline.data });
  const estimates = useMemo(() => new Map(catalogStreams(catalog.data).map((s) => [s.name, s.row_estimate])), [catalog.data]);
  const cancel = useCancelJob();
  const run = useRunPipeline();
  const navigate = useNavigate();
  const active = isActive(j?.status);
  const now = useNow(active ? 500 : 60_000);
  const [level, setLevel] = useState("all");
  const [follow, setFollow] = useState(true);
  const viewport = useRef<HTMLDivElement>(null);

  const logs = level === "all" ? state.logs : state.logs.filter((l) => l.level === "ERROR" || l.level === "WARNING");
  useEffect(() => {
    if (follow && viewport.current) viewport.current.scrollTo({ top: viewport.current.scrollHeight });
  }, [logs.length, follow]);

  if (job.isPending && !j) return <Loading label="Loading the job…" />;
  if (job.isError && !j) return <ErrorState error={job.error} retry={() => void job.refetch()} />;
  if (!j) return null;

  const started = j.started_at ? Date.parse(j.started_at) : null;
  const elapsed = j.duration_seconds ?? (started ? Math.max(0, (now - started) / 1000) : null);
  // Streams the pipeline will run are listed from the start, waiting until their first event.
  const planned = ((pipeline.data?.source_config as { streams?: { name: string }[] } | undefined)?.streams ?? []).map((s) => s.name);
  const streams: [string, StreamProgress][] = [
    ...Object.entries(state.streams),
    ...planned
      .filter((name) => !(name in state.streams))
      .map((name): [string, StreamProgress] => [
        name,
        { status: active ? "waiting" : "not run", records_extracted: 0, records_loaded: 0, rows_per_second: null },
      ]),
  ];
  const loaded = Math.max(j.records_loaded, streams.reduce((n, [, s]) => n + s.records_loaded, 0));
  const extracted = Math.max(j.records_extracted, streams.reduce((n, [, s]) => n + s.records_extracted, 0));
  const liveRate = streams.reduce((n, [, s]) => n + (s.status === "running" ? (s.rows_per_second ?? 0) : 0), 0);
  const rate = active ? liveRate || (elapsed ? extracted / elapsed : 0) : elapsed ? loaded / elapsed : 0;

  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/">Dashboard</AnchorLink>
        {pipeline.data && <AnchorLink to="/pipelines/$id" params={{ id: pipeline.data.id }}>{pipeline.data.name}</AnchorLink>}
        <Text size="sm">Job #{j.id}</Text>
      </Breadcrumbs>
      <PageHeader
        title={<Group gap="sm">Job #{j.id}<StatusBadge status={j.status} size="lg" /></Group>}
        description={`${pipeline.data?.name ?? "pipeline"} · ${j.trigger} run · attempt ${j.attempt} · created ${formatDateTime(j.created_at)}`}
        actions={
          active ? (
            <Button color="red" variant="light" leftSection={<IconPlayerStop size={16} />} loading={cancel.isPending} disabled={j.cancel_requested}
              onClick={() => cancel.mutate(j.id, { onError: (e) => notifications.show({ color: "red", title: "Cannot cancel", message: errorMessage(e) }) })}>
              {j.cancel_requested ? "Cancelling…" : "Cancel"}
            </Button>
          ) : j.pipeline_id ? (
            <Button leftSection={<IconPlayerPlay size={16} />} loading={run.isPending}
              onClick={() => run.mutate(j.pipeline_id!, {
                onSuccess: (next) => void navigate({ to: "/jobs/$id", params: { id: next.id } }),
                onError: (e) => notifications.show({ color: "red", title: "Cannot re-run", message: errorMessage(e) }),
              })}>
              Re-run
            </Button>
          ) : undefined
        }
      />
      <Stack gap="lg">
        {j.status === "failed" && j.error && (
          <Alert color="red" icon={<IconAlertTriangle size={18} />} title="The job failed">
            <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>{j.error}</Text>
          </Alert>
        )}
        <SimpleGrid cols={{ base: 2, md: 4 }}>
          {[
            { label: "Duration", value: formatDuration(elapsed) },
            { label: "Rows extracted", value: formatNumber(extracted) },
            { label: "Rows loaded", value: formatNumber(loaded), testid: "rows-loaded" },
            { label: active ? "Rows / s now" : "Average rows / s", value: rate ? formatNumber(rate) : "—" },
          ].map((s) => (
            <Paper key={s.label} withBorder radius="lg" p="md">
              <Text size="xs" c="dimmed" tt="uppercase" fw={700}>{s.label}</Text>
              <Text fz={24} fw={700} mt={4} data-testid={s.testid}>{s.value}</Text>
            </Paper>
          ))}
        </SimpleGrid>
        <Paper withBorder radius="lg" p="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>Streams</Text>
            <Tooltip label={socket === "open" ? "Updates arrive over the WebSocket" : "Refreshing every second"}>
              <Badge variant="dot" color={socket === "open" ? "teal" : "gray"} tt="none">{socket === "open" ? "live" : "polling"}</Badge>
            </Tooltip>
          </Group>
          {streams.length === 0 ? (
            <Text size="sm" c="dimmed">{active ? "Starting…" : "No stream ran."}</Text>
          ) : (
            <Table verticalSpacing="sm" data-testid="stream-progress">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stream</Table.Th>
                  <Table.Th w="40%">Progress</Table.Th>
                  <Table.Th ta="right">Loaded</Table.Th>
                  <Table.Th ta="right">Rows/s</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {streams.map(([name, s]) => {
                  const pct = streamPercent(s, estimates.get(name));
                  const running = s.status === "running" || s.status === "pending";
                  const waiting = s.status === "waiting" || s.status === "not run";
                  const color = s.status === "failed" ? "red" : s.status === "success" ? "teal" : s.status === "running" ? "sluice" : "gray";
                  return (
                    <Table.Tr key={name}>
                      <Table.Td>
                        <Text size="sm" className="mono" fw={500}>{name}</Text>
                        <Group gap={6}>
                          <Text size="xs" c={color}>{s.status}</Text>
                          {s.error && <Text size="xs" c="red" lineClamp={1} title={s.error}>{s.error}</Text>}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Progress
                          value={waiting ? 0 : (pct ?? 100)}
                          color={color}
                          striped={running}
                          animated={running}
                          size="lg"
                          radius="xl"
                          aria-label={`Progress of ${name}`}
                        />
                        <Text size="xs" c="dimmed" mt={2}>{progressCaption(s, pct, estimates.get(name))}</Text>
                      </Table.Td>
                      <Table.Td ta="right"><Text size="sm" fw={500}>{formatNumber(s.records_loaded)}</Text></Table.Td>
                      <Table.Td ta="right"><Text size="sm">{s.rows_per_second ? formatNumber(s.rows_per_second) : "—"}</Text></Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          )}
        </Paper>
        <Paper withBorder radius="lg" p="lg">
          <Group justify="space-between" mb="sm">
            <Text fw={600}>Logs <Text span c="dimmed" size="sm">({state.logs.length})</Text></Text>
            <Group gap="md">
              <Switch size="xs" label="Follow" checked={follow} onChange={(e) => setFollow(e.currentTarget.checked)} />
              <SegmentedControl size="xs" value={level} onChange={setLevel} data={[{ label: "All", value: "all" }, { label: "Warnings & errors", value: "warn" }]} aria-label="Log level" />
            </Group>
          </Group>
          <ScrollArea h={320} viewportRef={viewport} type="auto" className="log-view" data-testid="job-logs"
            style={{ background: "var(--mantine-color-gray-0)", borderRadius: 8 }}>
            <div style={{ padding: "8px 0" }}>
              {logs.length === 0 && <Text size="xs" c="dimmed" px="sm">{active ? "Waiting for log lines…" : "No log lines."}</Text>}
              {logs.map((l) => (
                <div key={l.id} className="log-line">
                  <Text span c="dimmed" size="xs">{l.created_at ? new Date(l.created_at).toLocaleTimeString() : ""} </Text>
                  <Text span fw={700} size="xs" c={LEVEL_COLOR[l.level] ?? "gray"}>{l.level.padEnd(7)}</Text>
                  {l.stream && <Text span c="dimmed" size="xs">[{l.stream}] </Text>}
                  <Text span size="xs">{l.message}</Text>
                </div>
              ))}
            </div>
          </ScrollArea>
        </Paper>
      </Stack>
    </>
  );
}
