import { AnchorLink, ButtonLink } from "../ui/links";
// The visual pipeline builder: canvas, stream picker, destination and schedule, validation.
import { useEffect, useMemo, useState } from "react";
import { Alert, Breadcrumbs, Button, Divider, Group, List, Paper, SegmentedControl, SimpleGrid, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconAlertCircle, IconCircleCheck, IconDeviceFloppy, IconPlayerPlay, IconRefresh, IconSchema } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useNavigate } from "@tanstack/react-router";
import { ApiError } from "../../api/client";
import { catalogStreams, connectionSchemaQuery, connectionsQuery, useDiscover } from "../../api/connections";
import { connectorsQuery } from "../../api/connectors";
import { pipelineQuery, useCreatePipeline, useRunPipeline, useUpdatePipeline, type Pipeline } from "../../api/pipelines";
import { previewCron } from "../../lib/cron";
import { formatAge, formatNumber } from "../../lib/format";
import { draftFromPipeline, emptyDraft, toPayload, validateDraft, type PipelineDraft } from "../../lib/pipelineDraft";
import { EmptyState, ErrorState, Loading, PageHeader } from "../ui/States";
import { CronField } from "./CronField";
import { FlowCanvas } from "./FlowCanvas";
import { StreamsPanel } from "./StreamsPanel";
import { QueriesPanel } from "./QueriesPanel";
import { AdvancedSettings } from "./AdvancedSettings";
import { isDefaultAdvanced } from "../../lib/pipelineAdvanced";

export function PipelineBuilder({ pipelineId, initialSource }: { pipelineId?: number; initialSource?: number }) {
  const existing = useQuery({ ...pipelineQuery(pipelineId ?? 0), enabled: pipelineId !== undefined });
  if (pipelineId !== undefined && existing.isPending) return <Loading label="Loading the pipeline…" />;
  if (existing.isError) return <ErrorState error={existing.error} retry={() => void existing.refetch()} />;
  return <Builder key={pipelineId ?? "new"} existing={existing.data} initialSource={initialSource} />;
}

function Builder({ existing, initialSource }: { existing?: Pipeline; initialSource?: number }) {
  const navigate = useNavigate();
  const connections = useQuery(connectionsQuery());
  const connectors = useQuery(connectorsQuery());
  const [draft, setDraft] = useState<PipelineDraft>(() => (existing ? draftFromPipeline(existing) : { ...emptyDraft(), source_connection_id: initialSource ?? null }));
  const [showIssues, setShowIssues] = useState(false);
  const [advancedOpen, setAdvancedOpen] = useState(() => !isDefaultAdvanced(draft.advanced));
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const sourceId = draft.source_connection_id;
  const schema = useQuery({ ...connectionSchemaQuery(sourceId ?? 0), enabled: sourceId !== null });
  const discover = useDiscover(sourceId ?? 0);
  const create = useCreatePipeline();
  const update = useUpdatePipeline(existing?.id ?? 0);
  const run = useRunPipeline();

  const conns = useMemo(() => connections.data?.data ?? [], [connections.data]);
  const catalog = useMemo(() => (sourceId === null || schema.isPending ? [] : catalogStreams(schema.data)), [schema.data, schema.isPending, sourceId]);
  const catalogOrNull = sourceId !== null && !schema.isPending && !schema.data ? null : catalog;

  // Pick sensible defaults once the connections are known.
  useEffect(() => {
    if (existing || !conns.length) return;
    setDraft((d) => {
      const src = d.source_connection_id ?? (conns.filter((c) => c.is_source).length === 1 ? conns.find((c) => c.is_source)!.id : null);
      const dests = conns.filter((c) => !c.is_source);
      const dst = d.destination_connection_id ?? (dests.length === 1 ? dests[0].id : null);
      return src === d.source_connection_id && dst === d.destination_connection_id ? d : { ...d, source_connection_id: src, destination_connection_id: dst };
    });
  }, [conns, existing]);

  // Streams saved without a primary key use the source's: show it.
  useEffect(() => {
    if (!catalog.length) return;
    setDraft((d) => {
      let changed = false;
      const streams = { ...d.streams };
      for (const stream of catalog) {
        const s = streams[stream.name];
        if (s && s.primary_key.length === 0 && stream.primary_key?.length) {
          streams[stream.name] = { ...s, primary_key: stream.primary_key };
          changed = true;
        }
      }
      return changed ? { ...d, streams } : d;
    });
  }, [catalog]);

  // Suggest a name from the two connections.
  const srcName = conns.find((c) => c.id === draft.source_connection_id)?.name;
  const dstName = conns.find((c) => c.id === draft.destination_connection_id)?.name;

  const issues = validateDraft(draft, catalogOrNull, conns);
  const issueMap = Object.fromEntries(issues.map((i) => [i.field, i.message]));
  const selected = Object.entries(draft.streams).filter(([n, s]) => s.selected && catalog.some((c) => c.name === n));
  const modes = [...new Set([...selected.map(([, s]) => s.sync_mode), ...draft.queries.map((q) => q.sync_mode)])];
  const usesIncremental = modes.includes("incremental");
  const cron = previewCron(draft.schedule_cron, draft.schedule_timezone, 1);
  const rowsPlanned = selected.reduce((n, [name]) => n + (catalog.find((c) => c.name === name)?.row_estimate ?? 0), 0);

  // The server checks query SQL against the source: show its message under the query.
  const serverFieldErrors: Record<string, string> =
    serverError?.field?.startsWith("source_config.queries.")
      ? { [serverError.field.replace("source_config.", "")]: serverError.message }
      : {};

  // ... and its complaints about an advanced setting under that setting.
  const advancedIssues: Record<string, string> = {
    ...(showIssues ? issueMap : {}),
    ...(serverError?.field && serverError.field in draft.advanced ? { [`advanced.${serverError.field}`]: serverError.message } : {}),
  };

  const set = (patch: Partial<PipelineDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerError(null);
  };

  async function save(andRun: boolean) {
    setShowIssues(true);
    if (issues.some((i) => i.field.startsWith("advanced."))) setAdvancedOpen(true);
    if (issues.length) return;
    const payload = toPayload(draft, catalog, existing !== undefined);
    try {
      const saved = existing ? await update.mutateAsync(payload) : await create.mutateAsync(payload);
      notifications.show({ color: "teal", title: existing ? "Pipeline saved" : "Pipeline created", message: saved.name });
      if (andRun) {
        const job = await run.mutateAsync(saved.id);
        void navigate({ to: "/jobs/$id", params: { id: job.id } });
      } else void navigate({ to: "/pipelines/$id", params: { id: saved.id } });
    } catch (exc) {
      setServerError(exc instanceof ApiError ? exc : new ApiError(0, String(exc)));
    }
  }

  if (connections.isPending || connectors.isPending) return <Loading />;
  if (connections.isError) return <ErrorState error={connections.error} retry={() => void connections.refetch()} />;
  if (connectors.isError) return <ErrorState error={connectors.error} retry={() => void connectors.refetch()} />;

  const hasSource = conns.some((c) => c.is_source);
  const hasDest = conns.some((c) => !c.is_source);
  if (!existing && (!hasSource || !hasDest))
    return (
      <>
        <PageHeader title="New pipeline" />
        <EmptyState
          icon={<IconSchema size={28} />}
          title={`First add a ${!hasSource ? "source" : "destination"}`}
          action={
            <ButtonLink to="/connections/new" search={{ role: !hasSource ? "source" : "destination" }}>
              New {!hasSource ? "source" : "destination"}
            </ButtonLink>
          }
        >
          A pipeline copies streams from a source connection into a destination connection. You need one of each.
        </EmptyState>
      </>
    );

  const saving = create.isPending || update.isPending || run.isPending;
  return (
    <>
      <Breadcrumbs mb="xs" fz="sm">
        <AnchorLink to="/pipelines">Pipelines</AnchorLink>
        <Text size="sm">{existing ? existing.name : "New"}</Text>
      </Breadcrumbs>
      <PageHeader
        title={existing ? `Edit ${existing.name}` : "New pipeline"}
        description="Connect a source to a destination, pick what to copy and when."
        actions={
          <>
            <Button variant="default" leftSection={<IconDeviceFloppy size={16} />} onClick={() => void save(false)} loading={saving && !run.isPending}>
              Save
            </Button>
            <Button leftSection={<IconPlayerPlay size={16} />} onClick={() => void save(true)} loading={run.isPending}>
              Save and run
            </Button>
          </>
        }
      />
      <Stack gap="lg">
        <Paper withBorder radius="lg" p="lg">
          <TextInput
            label="Pipeline name"
            placeholder={srcName && dstName ? `${srcName} → ${dstName}` : "e.g. Shop to warehouse"}
            value={draft.name}
            onChange={(e) => set({ name: e.currentTarget.value })}
            error={showIssues ? issueMap.name : undefined}
            required
            maw={480}
            mb="md"
          />
          <FlowCanvas
            connections={conns}
            connectors={connectors.data.data}
            sourceId={draft.source_connection_id}
            destinationId={draft.destination_connection_id}
            onSource={(id) => set({ source_connection_id: id, streams: {} })}
            onDestination={(id) => set({ destination_connection_id: id })}
            streamCount={selected.length + draft.queries.length}
            modes={modes}
            schedule={cron.ok && draft.schedule_cron ? cron.description : "manual runs"}
            sourceDetail={schema.data ? `catalog ${formatAge(schema.data.age_seconds)} old` : sourceId ? "not discovered yet" : "where data comes from"}
            destinationDetail={`into ${draft.schema || "?"}.${draft.table_prefix}<table>`}
            sourceError={showIssues ? issueMap.source : undefined}
            destinationError={showIssues ? issueMap.destination : undefined}
          />
        </Paper>
        <Paper withBorder radius="lg" p="lg">
              {sourceId === null ? (
                <Text c="dimmed" size="sm">Pick a source connection in the canvas above to list its streams.</Text>
              ) : schema.isPending ? (
                <Loading label="Loading the source's catalog…" />
              ) : schema.isError ? (
                <ErrorState error={schema.error} retry={() => void schema.refetch()} />
              ) : !schema.data ? (
                <EmptyState icon={<IconSchema size={28} />} title="Discover the source first" action={
                  <Button leftSection={<IconRefresh size={16} />} loading={discover.isPending} onClick={() => discover.mutate()}>Discover now</Button>
                }>
                  Sluice needs the source's tables and columns to let you pick streams.
                  {discover.isError && <ErrorState error={discover.error} title="Discovery failed" />}
                </EmptyState>
              ) : (
                <Stack gap="lg">
                <StreamsPanel
                  catalog={catalog}
                  draft={draft}
                  issues={showIssues ? issueMap : {}}
                  onStream={(name, s) => {
                    setDraft((d) => ({ ...d, streams: { ...d.streams, [name]: s } }));
                    setServerError(null);
                  }}
                />
                <Divider />
                <QueriesPanel
                  queries={draft.queries}
                  onChange={(queries) => set({ queries })}
                  issues={showIssues ? issueMap : {}}
                  serverErrors={serverFieldErrors}
                />
                </Stack>
              )}
        </Paper>
        <SimpleGrid cols={{ base: 1, md: 3 }} spacing="lg">
              <Paper withBorder radius="lg" p="lg">
                <Title order={5} mb="sm">Destination</Title>
                <Stack gap="sm">
                  <Group grow>
                    <TextInput label="Schema" value={draft.schema} onChange={(e) => set({ schema: e.currentTarget.value })} error={showIssues ? issueMap.schema : undefined} required />
                    <TextInput label="Table prefix" placeholder="e.g. shop_" value={draft.table_prefix} onChange={(e) => set({ table_prefix: e.currentTarget.value })} error={showIssues ? issueMap.table_prefix : undefined} />
                  </Group>
                  <div>
                    <Text size="sm" fw={500} mb={4} id="write-mode-label">Incremental writes</Text>
                    <SegmentedControl
                      fullWidth
                      aria-labelledby="write-mode-label"
                      disabled={!usesIncremental}
                      value={draft.write_mode}
                      onChange={(v) => set({ write_mode: v as PipelineDraft["write_mode"] })}
                      data={[
                        { label: "Append", value: "append" },
                        { label: "Merge (upsert)", value: "merge" },
                      ]}
                    />
                    <Text size="xs" c="dimmed" mt={4}>
                      {usesIncremental
                        ? draft.write_mode === "merge"
                          ? "New and changed rows replace the old ones by primary key: reruns never duplicate."
                          : "New rows are appended after the last load."
                        : "Full refresh replaces each table atomically; append adds every row again."}
                    </Text>
                  </div>
                </Stack>
              </Paper>
              <Paper withBorder radius="lg" p="lg">
                <Group justify="space-between" mb="sm">
                  <Title order={5}>Schedule</Title>
                  <Switch label="Enabled" checked={draft.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} />
                </Group>
                <CronField value={draft.schedule_cron} timezone={draft.schedule_timezone} onChange={(v) => set({ schedule_cron: v })} onTimezoneChange={(tz) => set({ schedule_timezone: tz })} />
              </Paper>
              <Paper withBorder radius="lg" p="lg" data-testid="validation">
                <Title order={5} mb="sm">Summary</Title>
                <List size="sm" spacing={4} mb="md" c="dimmed">
                  <List.Item>
                    {selected.length ? `${selected.length} stream${selected.length > 1 ? "s" : ""}` : "No stream"}
                    {draft.queries.length ? ` + ${draft.queries.length} SQL` : ""}
                    {rowsPlanned ? ` (~${formatNumber(rowsPlanned)} rows)` : ""} from {srcName ?? "?"} to {dstName ?? "?"}
                  </List.Item>
                  <List.Item>
                    into <Text span className="mono" size="sm">{draft.schema || "?"}.{draft.table_prefix}&lt;table&gt;</Text>
                    {usesIncremental ? `, incremental rows ${draft.write_mode === "merge" ? "merged by key" : "appended"}` : ""}
                  </List.Item>
                  <List.Item>
                    {cron.ok && draft.schedule_cron
                      ? `${cron.description}${draft.enabled ? "" : " (paused)"}${draft.schedule_timezone !== "UTC" ? `, ${draft.schedule_timezone}` : ""}`
                      : "Runs when you press Run"}
                  </List.Item>
                </List>
                {issues.length === 0 ? (
                  <Group gap="xs" c="teal">
                    <IconCircleCheck size={18} />
                    <Text size="sm" fw={500}>Ready to save</Text>
                  </Group>
                ) : (
                  <>
                    <Group gap="xs" mb={6} c={showIssues ? "red" : "dimmed"}>
                      <IconAlertCircle size={18} />
                      <Text size="sm" fw={500}>{issues.length} thing{issues.length > 1 ? "s" : ""} to fix before saving</Text>
                    </Group>
                    <List size="sm" spacing={2} c={showIssues ? "red" : "dimmed"}>
                      {issues.map((i) => <List.Item key={i.field + i.message}>{i.message}</List.Item>)}
                    </List>
                  </>
                )}
                {serverError && (
                  <Alert color="red" mt="sm" title="The server refused the pipeline" icon={<IconAlertCircle size={18} />}>
                    {serverError.message}
                    {serverError.field && <Text size="xs" mt={4}>Field: <code>{serverError.field}</code></Text>}
                  </Alert>
                )}
              </Paper>
        </SimpleGrid>
        <AdvancedSettings
          value={draft.advanced}
          onChange={(patch) => set({ advanced: { ...draft.advanced, ...patch } })}
          issues={advancedIssues}
          opened={advancedOpen}
          onOpenedChange={setAdvancedOpen}
        />
      </Stack>
    </>
  );
}

