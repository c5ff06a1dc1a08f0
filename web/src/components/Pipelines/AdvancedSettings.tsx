// The builder's "Advanced" section: schema drift, parallelism, retries and the failure webhook.
import { Accordion, Group, NumberInput, Paper, Radio, SimpleGrid, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { IconAdjustmentsHorizontal } from "@tabler/icons-react";
import { DRIFT_POLICIES, LIMITS, describeRetries, webhookHost, type AdvancedDraft, type DriftPolicy } from "../../lib/pipelineAdvanced";

/** NumberInput gives a number, or a string while the field is empty or half-typed. */
function toNumber(v: number | string): number | "" {
  if (typeof v === "number") return v;
  if (v.trim() === "") return "";
  const n = Number(v);
  return Number.isNaN(n) ? "" : n;
}

/** One line for the folded header. */
export function advancedSummary(a: AdvancedDraft): string {
  const parts = [
    a.drift_policy === "freeze" ? "schema frozen" : "schema evolves",
    `${a.max_parallel_streams || "?"} parallel stream${a.max_parallel_streams === 1 ? "" : "s"}`,
    a.retry_max_attempts === 1 ? "no retry" : `${a.retry_max_attempts || "?"} attempts`,
    a.webhook_url.trim() ? `notifies ${webhookHost(a.webhook_url.trim())}` : "no webhook",
  ];
  return parts.join(" · ");
}

export function AdvancedSettings({
  value,
  onChange,
  issues,
  opened,
  onOpenedChange,
}: {
  value: AdvancedDraft;
  onChange: (patch: Partial<AdvancedDraft>) => void;
  /** Problems keyed "advanced.<field>" (as validateDraft names them). */
  issues: Record<string, string>;
  opened: boolean;
  onOpenedChange: (opened: boolean) => void;
}) {
  const issue = (f: keyof AdvancedDraft) => issues[`advanced.${f}`];
  const hasUrl = value.webhook_url.trim() !== "";
  return (
    <Paper withBorder radius="lg" data-testid="advanced-settings">
      <Accordion value={opened ? "advanced" : null} onChange={(v) => onOpenedChange(v === "advanced")} chevronPosition="right" variant="default" styles={{ item: { borderBottom: 0 } }}>
        <Accordion.Item value="advanced">
          <Accordion.Control icon={<IconAdjustmentsHorizontal size={18} />} px="lg">
            <Group gap="sm" wrap="nowrap">
              <Title order={5}>Advanced</Title>
              <Text size="sm" c="dimmed" truncate>{advancedSummary(value)}</Text>
            </Group>
          </Accordion.Control>
          <Accordion.Panel px="xs">
            <SimpleGrid cols={{ base: 1, md: 3 }} spacing="xl" pb="xs">
              <Radio.Group
                label="Schema drift"
                description="When the source's columns change"
                value={value.drift_policy}
                onChange={(v) => onChange({ drift_policy: v as DriftPolicy })}
              >
                <Stack gap="sm" mt="sm">
                  {DRIFT_POLICIES.map((p) => (
                    <Radio key={p.value} value={p.value} label={p.label} description={p.help} />
                  ))}
                </Stack>
              </Radio.Group>
              <Stack gap="sm">
                <NumberInput
                  label="Parallel streams"
                  description="Streams copied at the same time (1–32)"
                  min={LIMITS.max_parallel_streams.min}
                  max={LIMITS.max_parallel_streams.max}
                  allowDecimal={false}
                  clampBehavior="none"
                  value={value.max_parallel_streams}
                  onChange={(v) => onChange({ max_parallel_streams: toNumber(v) })}
                  error={issue("max_parallel_streams")}
                />
                <Group grow align="flex-start">
                  <NumberInput
                    label="Attempts"
                    description="Tries per run (1–20)"
                    min={LIMITS.retry_max_attempts.min}
                    max={LIMITS.retry_max_attempts.max}
                    allowDecimal={false}
                    clampBehavior="none"
                    value={value.retry_max_attempts}
                    onChange={(v) => onChange({ retry_max_attempts: toNumber(v) })}
                    error={issue("retry_max_attempts")}
                  />
                  <NumberInput
                    label="Backoff"
                    description="Seconds before a retry"
                    min={LIMITS.retry_backoff_seconds.min}
                    max={LIMITS.retry_backoff_seconds.max}
                    allowDecimal={false}
                    clampBehavior="none"
                    suffix=" s"
                    value={value.retry_backoff_seconds}
                    onChange={(v) => onChange({ retry_backoff_seconds: toNumber(v) })}
                    error={issue("retry_backoff_seconds")}
                  />
                </Group>
                <Text size="xs" c="dimmed" data-testid="retry-summary">{describeRetries(value.retry_max_attempts, value.retry_backoff_seconds)}</Text>
              </Stack>
              <Stack gap="sm">
                <TextInput
                  label="Failure webhook URL"
                  description="Slack-compatible: Sluice POSTs a JSON message when a run fails"
                  placeholder="https://hooks.slack.com/services/…"
                  type="url"
                  inputMode="url"
                  value={value.webhook_url}
                  onChange={(e) => onChange({ webhook_url: e.currentTarget.value })}
                  error={issue("webhook_url")}
                />
                <Switch
                  label="Also notify on success"
                  description={hasUrl ? "Every finished run is reported, not only failures" : "Set a webhook URL first"}
                  checked={value.notify_on_success && hasUrl}
                  disabled={!hasUrl}
                  onChange={(e) => onChange({ notify_on_success: e.currentTarget.checked })}
                  error={issue("notify_on_success")}
                />
              </Stack>
            </SimpleGrid>
          </Accordion.Panel>
        </Accordion.Item>
      </Accordion>
    </Paper>
  );
}
