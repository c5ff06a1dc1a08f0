// Sync state on the pipeline page: where each stream resumes, its history, reset and rollback.
import { useState } from "react";
import { ActionIcon, Badge, Button, Code, Group, Paper, ScrollArea, SegmentedControl, Table, Text, Tooltip } from "@mantine/core";
import { IconHistory, IconRotate } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { pipelineStateHistoryQuery, pipelineStateQuery, type StreamState } from "../../api/pipelines";
import { formatDateTime, relativeTime } from "../../lib/format";
import { isCurrentRow, rowOrigin, summarizeState } from "../../lib/syncState";
import { AnchorLink } from "../ui/links";
import { ErrorState, Loading } from "../ui/States";
import { ResetStateModal } from "./ResetStateModal";
import { RollbackStateModal } from "./RollbackStateModal";

export interface ConfiguredStream {
  name: string;
  sync_mode: string;
}

/** The position as a person reads it: "updated_at up to 12 Mar 2026, 10:15:02". */
export function StatePosition({ state }: { state: Record<string, unknown> | null | undefined }) {
  const s = summarizeState(state);
  if (!s.hasPosition)
    return <Badge color="orange" variant="light" tt="none" data-testid="state-position">Full re-sync next run</Badge>;
  return (
    <div data-testid="state-position">
      {s.cursor !== null ? (
        <Tooltip label={`Stored value: ${s.rawCursor}`} withArrow openDelay={300}>
          <Text size="sm" span>
            {s.cursorField && <Code className="mono">{s.cursorField}</Code>}
            {s.cursorField ? " up to " : "up to "}
            <Text span fw={600} size="sm">{s.cursor}</Text>
          </Text>
        </Tooltip>
      ) : (
        <Text size="sm" span>{s.text}</Text>
      )}
      {s.cursor !== null && s.extra.length > 0 && (
        <Text size="xs" c="dimmed">{s.extra.map((e) => `${e.key}: ${e.value}`).join(" · ")}</Text>
      )}
    </div>
  );
}

function Origin({ row }: { row: StreamState }) {
  const origin = rowOrigin(row);
  if (origin === "job")
    return <AnchorLink size="sm" to="/jobs/$id" params={{ id: row.job_id! }}>Job #{row.job_id}</AnchorLink>;
  return (
    <Badge size="sm" variant="light" color={origin === "reset" ? "orange" : "grape"} tt="none">
      {origin === "reset" ? "Reset" : "Rolled back"}
    </Badge>
  );
}

export function StatePanel({ pipelineId, streams, running }: { pipelineId: number; streams: ConfiguredStream[]; running: boolean }) {
  const [view, setView] = useState<"current" | "history">("current");
  const current = useQuery(pipelineStateQuery(pipelineId));
  const history = useQuery({ ...pipelineStateHistoryQuery(pipelineId), enabled: view === "history" });
  const [resetting, setResetting] = useState<string[] | "all" | null>(null);
  const [rollingBack, setRollingBack] = useState<StreamState | null>(null);

  const rows = current.data?.streams ?? [];
  const known = new Set(rows.map((r) => r.stream));
  // Incremental streams that never recorded a position: their first run reads everything.
  const pending = streams.filter((s) => s.sync_mode === "incremental" && !known.has(s.name));
  const hasPosition = rows.some((r) => r.state);

  return (
    <Paper withBorder radius="lg" p="xs" data-testid="state-panel">
      <Group justify="space-between" p="xs" wrap="wrap" gap="sm">
        <div>
          <Text fw={600}>Sync state</Text>
          <Text size="xs" c="dimmed">Where each incremental stream resumes. Full-refresh streams re-read everything on every run.</Text>
          {running && <Text size="xs" c="orange">A job is running: the state cannot be reset or rolled back until it ends.</Text>}
        </div>
        <Group gap="sm">
          <SegmentedControl
            size="xs"
            value={view}
            onChange={(v) => setView(v as "current" | "history")}
            data={[
              { label: "Current", value: "current" },
              { label: "History", value: "history" },
            ]}
            aria-label="Sync state view"
          />
          <Button size="xs" variant="light" color="red" leftSection={<IconRotate size={14} />} disabled={!hasPosition} onClick={() => setResetting("all")}>
            Reset all
          </Button>
        </Group>
      </Group>
      {view === "current" ? (
        current.isPending ? (
          <Loading label="Loading the sync state…" />
        ) : current.isError ? (
          <ErrorState error={current.error} retry={() => void current.refetch()} />
        ) : rows.length === 0 && pending.length === 0 ? (
          <Text size="sm" c="dimmed" p="sm">
            No sync state yet. Incremental streams record how far they read after each batch they load.
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing={8} data-testid="state-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Stream</Table.Th>
                  <Table.Th>Resumes from</Table.Th>
                  <Table.Th>Recorded by</Table.Th>
                  <Table.Th>Updated</Table.Th>
                  <Table.Th w={60} />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.stream} data-testid="state-row">
                    <Table.Td><Text size="sm" fw={500} className="mono">{r.stream}</Text></Table.Td>
                    <Table.Td><StatePosition state={r.state} /></Table.Td>
                    <Table.Td><Origin row={r} /></Table.Td>
                    <Table.Td><Text size="sm" title={formatDateTime(r.updated_at)}>{relativeTime(r.updated_at)}</Text></Table.Td>
                    <Table.Td>
                      <Tooltip label={r.state ? "Reset: re-read from scratch next run" : "Already reset"}>
                        <ActionIcon variant="subtle" color="red" aria-label={`Reset state of ${r.stream}`} disabled={!r.state} onClick={() => setResetting([r.stream])}>
                          <IconRotate size={16} />
                        </ActionIcon>
                      </Tooltip>
                    </Table.Td>
                  </Table.Tr>
                ))}
                {pending.map((s) => (
                  <Table.Tr key={s.name} data-testid="state-row">
                    <Table.Td><Text size="sm" fw={500} className="mono">{s.name}</Text></Table.Td>
                    <Table.Td><Badge color="gray" variant="light" tt="none">Not synced yet: the first run reads everything</Badge></Table.Td>
                    <Table.Td><Text size="sm" c="dimmed">—</Text></Table.Td>
                    <Table.Td><Text size="sm" c="dimmed">—</Text></Table.Td>
                    <Table.Td />
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      ) : history.isPending ? (
        <Loading label="Loading the history…" />
      ) : history.isError ? (
        <ErrorState error={history.error} retry={() => void history.refetch()} />
      ) : history.data.streams.length === 0 ? (
        <Text size="sm" c="dimmed" p="sm">No state recorded yet.</Text>
      ) : (
        <ScrollArea.Autosize mah={420} type="auto">
          <Table verticalSpacing={6} stickyHeader data-testid="state-history-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Stream</Table.Th>
                <Table.Th>Position</Table.Th>
                <Table.Th>Recorded by</Table.Th>
                <Table.Th w={120} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {history.data.streams.map((r) => {
                const isCurrent = isCurrentRow(r, rows);
                return (
                  <Table.Tr key={r.state_id} data-testid="state-history-row">
                    <Table.Td><Text size="sm" title={relativeTime(r.updated_at)}>{formatDateTime(r.updated_at)}</Text></Table.Td>
                    <Table.Td><Text size="sm" className="mono">{r.stream}</Text></Table.Td>
                    <Table.Td><StatePosition state={r.state} /></Table.Td>
                    <Table.Td><Origin row={r} /></Table.Td>
                    <Table.Td ta="right">
                      {isCurrent ? (
                        <Badge size="sm" variant="light" color="teal">Current</Badge>
                      ) : (
                        <Button size="compact-xs" variant="subtle" leftSection={<IconHistory size={13} />} onClick={() => setRollingBack(r)} aria-label={`Roll ${r.stream} back to state ${r.state_id}`}>
                          Roll back
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      )}
      <ResetStateModal pipelineId={pipelineId} streams={resetting} onClose={() => setResetting(null)} />
      <RollbackStateModal pipelineId={pipelineId} row={rollingBack} onClose={() => setRollingBack(null)} />
    </Paper>
  );
}
