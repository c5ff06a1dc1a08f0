import { AnchorLink } from "../ui/links";
import { ActionIcon, Group, Table, Text, Tooltip } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { IconArrowRight, IconPlayerPlay } from "@tabler/icons-react";
import { Link, useNavigate } from "@tanstack/react-router";
import { errorMessage } from "../../api/client";
import type { Connection } from "../../api/connections";
import { useRunPipeline, type Pipeline } from "../../api/pipelines";
import { formatDateTime, formatNumber, relativeTime } from "../../lib/format";
import { StatusBadge } from "../ui/StatusBadge";
import { isActive } from "../../api/jobs";

export function PipelinesTable({ pipelines, connections }: { pipelines: Pipeline[]; connections: Connection[] }) {
  const run = useRunPipeline();
  const navigate = useNavigate();
  const names = new Map(connections.map((c) => [c.id, c.name]));
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table verticalSpacing="sm" highlightOnHover data-testid="pipelines-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Pipeline</Table.Th>
            <Table.Th>Status</Table.Th>
            <Table.Th>Last run</Table.Th>
            <Table.Th ta="right">Rows</Table.Th>
            <Table.Th>Next run</Table.Th>
            <Table.Th w={60} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pipelines.map((p) => {
            const streams = ((p.source_config as { streams?: unknown[] }).streams ?? []).length;
            return (
              <Table.Tr key={p.id} data-pipeline={p.name}>
                <Table.Td>
                  <AnchorLink fw={600} size="sm"  to="/pipelines/$id" params={{ id: p.id }} style={{ color: "inherit", textDecoration: "none" }}>
                    {p.name}
                  </AnchorLink>
                  <Group gap={4} wrap="nowrap">
                    <Text size="xs" c="dimmed">{names.get(p.source_connection_id) ?? `#${p.source_connection_id}`}</Text>
                    <IconArrowRight size={11} color="var(--mantine-color-dimmed)" />
                    <Text size="xs" c="dimmed">{names.get(p.destination_connection_id) ?? `#${p.destination_connection_id}`}</Text>
                    <Text size="xs" c="dimmed">· {streams} stream{streams === 1 ? "" : "s"}</Text>
                  </Group>
                </Table.Td>
                <Table.Td>
                  {p.last_job ? (
                    <Link to="/jobs/$id" params={{ id: p.last_job.id }} style={{ textDecoration: "none" }}>
                      <StatusBadge status={p.last_job.status} />
                    </Link>
                  ) : (
                    <StatusBadge status={null} />
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" title={formatDateTime(p.last_job?.finished_at ?? p.last_job?.created_at)}>
                    {p.last_job ? relativeTime(p.last_job.finished_at ?? p.last_job.created_at) : "—"}
                  </Text>
                </Table.Td>
                <Table.Td ta="right"><Text size="sm">{p.last_job ? formatNumber(p.last_job.records_loaded) : "—"}</Text></Table.Td>
                <Table.Td>
                  {!p.enabled ? (
                    <Text size="sm" c="dimmed">paused</Text>
                  ) : p.next_run_at ? (
                    <Text size="sm" title={formatDateTime(p.next_run_at)}>{relativeTime(p.next_run_at)}</Text>
                  ) : (
                    <Text size="sm" c="dimmed">manual</Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Tooltip label={isActive(p.last_job?.status) ? "A job is already running" : "Run now"}>
                    <ActionIcon
                      variant="light"
                      aria-label={`Run ${p.name} now`}
                      disabled={isActive(p.last_job?.status)}
                      loading={run.isPending && run.variables === p.id}
                      onClick={() =>
                        run.mutate(p.id, {
                          onSuccess: (job) => void navigate({ to: "/jobs/$id", params: { id: job.id } }),
                          onError: (e) => notifications.show({ color: "red", title: `Cannot run ${p.name}`, message: errorMessage(e) }),
                        })
                      }
                    >
                      <IconPlayerPlay size={16} />
                    </ActionIcon>
                  </Tooltip>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
