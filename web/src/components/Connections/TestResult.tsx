import { Alert, Text } from "@mantine/core";
import { IconCircleCheck, IconCircleX } from "@tabler/icons-react";
import { relativeTime } from "../../lib/format";

export function TestResult({ ok, message, testedAt }: { ok: boolean; message: string; testedAt?: string | null }) {
  return (
    <Alert
      color={ok ? "teal" : "red"}
      variant="light"
      icon={ok ? <IconCircleCheck size={20} /> : <IconCircleX size={20} />}
      title={ok ? "Connection works" : "Connection failed"}
      data-testid="test-result"
      role="status"
    >
      <Text size="sm" style={{ wordBreak: "break-word" }}>{message}</Text>
      {testedAt && <Text size="xs" c="dimmed" mt={4}>Tested {relativeTime(testedAt)}</Text>}
    </Alert>
  );
}
