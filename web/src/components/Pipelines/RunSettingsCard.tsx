// The pipeline page's summary of its advanced settings (drift, parallelism, retries, webhook).
import { Badge, Group, Paper, Stack, Text, Tooltip } from "@mantine/core";
import { IconBell, IconBellOff } from "@tabler/icons-react";
import type { Pipeline } from "../../api/pipelines";
import { DRIFT_POLICIES, describeRetries, webhookHost } from "../../lib/pipelineAdvanced";

export function RunSettingsCard({ pipeline: p }: { pipeline: Pipeline }) {
  const drift = DRIFT_POLICIES.find((d) => d.value === p.drift_policy) ?? DRIFT_POLICIES[0];
  const host = webhookHost(p.webhook_url);
  return (
    <Paper withBorder radius="lg" p="md" data-testid="run-settings">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>Run settings</Text>
      <Stack gap={4} mt={6}>
        <Group gap={6}>
          <Tooltip label={drift.help} multiline w={260} withArrow>
            <Badge variant="light" color={p.drift_policy === "freeze" ? "grape" : "sluice"} tt="none">schema {p.drift_policy === "freeze" ? "frozen" : "evolves"}</Badge>
          </Tooltip>
          <Badge variant="light" color="gray" tt="none">{p.max_parallel_streams} parallel stream{p.max_parallel_streams === 1 ? "" : "s"}</Badge>
        </Group>
        <Text size="xs" c="dimmed">{describeRetries(p.retry_max_attempts, p.retry_backoff_seconds)}</Text>
        <Group gap={6} wrap="nowrap">
          {host ? <IconBell size={14} /> : <IconBellOff size={14} color="var(--mantine-color-dimmed)" />}
          <Text size="xs" c={host ? undefined : "dimmed"} truncate data-testid="webhook-summary">
            {host ? `Notifies ${host} on failure${p.notify_on_success ? " and success" : ""}` : "No webhook"}
          </Text>
        </Group>
      </Stack>
    </Paper>
  );
}
