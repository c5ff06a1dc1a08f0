// Lock Sluice now: the data key is forgotten until someone enters the master password.
import { Button, Group, Paper, Text, Title } from "@mantine/core";
import { IconLock } from "@tabler/icons-react";
import { useLock } from "../../api/system";
import { ErrorState } from "../ui/States";

export function LockCard() {
  const lock = useLock();
  return (
    <Paper withBorder radius="lg" p="lg">
      <Group justify="space-between" align="center" wrap="nowrap">
        <div>
          <Title order={4} mb={4}>Lock Sluice</Title>
          <Text size="sm" c="dimmed" maw={560}>
            The server forgets the data key: scheduled and manual runs wait, and every page asks for the master
            password, until someone unlocks it. Nothing is deleted.
          </Text>
        </div>
        <Button variant="light" color="orange" leftSection={<IconLock size={16} />} loading={lock.isPending} onClick={() => lock.mutate()}>
          Lock now
        </Button>
      </Group>
      {lock.error && <ErrorState error={lock.error} title="Cannot lock" />}
    </Paper>
  );
}
