import { Table, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import type { Job } from "../../api/jobs";
import type { Pipeline } from "../../api/pipelines";
import { formatDateTime, formatDuration, formatNumber, relativeTime } from "../../lib/format";
import { StatusBadge } from "../ui/StatusBadge";

export function JobsTable({ jobs, pipelines, showPipeline = true }: { jobs: Job[]; pipelines?: Pipeline[]; showPipeline?: boolean }) {
  const navigate = useNavigate();
  const names = new Map((pipelines ?? []).map((p) => [p.id, p.name]));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing={8} data-testid="jobs-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Job</Table.Th>
            {showPipeline && <Table.Th>Pipeline</Table.Th>}
            <Table.Th>Status</Table.Th>
            <Table.Th>Started</Table.Th>
            <Table.Th ta="right">Duration</Table.Th>
            <Table.Th ta="right">Rows loaded</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((j) => (
            <Table.Tr
              key={j.id}
              className="clickable-row"
              tabIndex={0}
              onClick={() => void navigate({ to: "/jobs/$id", params: { id: j.id } })}
              onKeyDown={(e) => e.key === "Enter" && void navigate({ to: "/jobs/$id", params: { id: j.id } })}
              aria-label={`Job ${j.id}, ${j.status}`}
            >
              <Table.Td>
                <Text size="sm" fw={500}>#{j.id}</Text>
                <Text size="xs" c="dimmed">{j.trigger}</Text>
              </Table.Td>
              {showPipeline && <Table.Td><Text size="sm">{j.pipeline_id != null ? (names.get(j.pipeline_id) ?? `#${j.pipeline_id}`) : j.kind}</Text></Table.Td>}
              <Table.Td><StatusBadge status={j.status} /></Table.Td>
              <Table.Td>
                <Text size="sm" title={formatDateTime(j.started_at ?? j.created_at)}>{relativeTime(j.started_at ?? j.created_at)}</Text>
              </Table.Td>
              <Table.Td ta="right"><Text size="sm">{formatDuration(j.duration_seconds)}</Text></Table.Td>
              <Table.Td ta="right"><Text size="sm" fw={500}>{formatNumber(j.records_loaded)}</Text></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
