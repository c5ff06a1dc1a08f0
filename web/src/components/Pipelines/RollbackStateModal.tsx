// Confirm, then make an earlier state row of a stream current again.
import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { IconHistory } from "@tabler/icons-react";
import { useRollbackState, type StreamState } from "../../api/pipelines";
import { formatDateTime } from "../../lib/format";
import { summarizeState } from "../../lib/syncState";
import { ErrorState } from "../ui/States";

export function RollbackStateModal({ pipelineId, row, onClose }: { pipelineId: number; row: StreamState | null; onClose: () => void }) {
  const rollback = useRollbackState(pipelineId);
  const close = () => {
    rollback.reset();
    onClose();
  };
  const summary = summarizeState(row?.state);
  return (
    <Modal opened={row !== null} onClose={close} title={`Roll ${row?.stream ?? ""} back?`} centered>
      <Stack>
        <Text size="sm">
          The next run of <span className="mono">{row?.stream}</span> resumes from the position recorded{" "}
          {formatDateTime(row?.updated_at)}{row?.job_id ? ` by job #${row.job_id}` : ""}:
        </Text>
        <Text size="sm" fw={600} className="mono">{summary.text}</Text>
        <Text size="sm" c="dimmed">
          Rows after it are read again. The current position is kept in the history, so this can be undone the same way.
        </Text>
        {rollback.error && <ErrorState error={rollback.error} title="Cannot roll back" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button leftSection={<IconHistory size={16} />} loading={rollback.isPending} onClick={() => row && rollback.mutate(row.state_id, { onSuccess: close })}>
            Roll back
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
