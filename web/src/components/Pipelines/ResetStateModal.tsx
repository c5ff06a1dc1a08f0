// Confirm, then reset the sync state of one stream or of all: the next run re-reads everything.
import { Button, Group, List, Modal, Stack, Text } from "@mantine/core";
import { IconRotate } from "@tabler/icons-react";
import { useResetState } from "../../api/pipelines";
import { ErrorState } from "../ui/States";

/** `streams`: the streams to reset, or "all"; null when closed. */
export function ResetStateModal({ pipelineId, streams, onClose }: { pipelineId: number; streams: string[] | "all" | null; onClose: () => void }) {
  const reset = useResetState(pipelineId);
  const close = () => {
    reset.reset();
    onClose();
  };
  const all = streams === "all";
  const one = Array.isArray(streams) && streams.length === 1 ? streams[0] : null;
  return (
    <Modal opened={streams !== null} onClose={close} title={all ? "Reset the state of every stream?" : `Reset the state of ${one ?? "these streams"}?`} centered size="md">
      <Stack>
        <Text size="sm">
          Sluice forgets where {all ? "each stream" : <span className="mono">{one ?? "they"}</span>} got to. The next run
          <b> re-reads {all ? "every stream" : "it"} from the beginning</b>, which can take much longer than an incremental run.
        </Text>
        <List size="sm" spacing={4} c="dimmed">
          <List.Item>With merge, re-read rows replace the loaded ones by key; with append, they are added again (duplicates).</List.Item>
          <List.Item>Nothing is deleted: the old position stays in the history, and you can roll back to it.</List.Item>
        </List>
        {reset.error && <ErrorState error={reset.error} title="Cannot reset the state" />}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>Cancel</Button>
          <Button
            color="red"
            leftSection={<IconRotate size={16} />}
            loading={reset.isPending}
            onClick={() => streams !== null && reset.mutate(all ? undefined : streams, { onSuccess: close })}
          >
            {all ? "Reset all streams" : "Reset stream"}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
