// Cron expression input with presets, a human-readable preview and the next run times.
import { Chip, Group, Select, Stack, Text, TextInput } from "@mantine/core";
import { IconCalendarTime } from "@tabler/icons-react";
import { useMemo } from "react";
import { CRON_PRESETS, previewCron } from "../../lib/cron";

function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.("timeZone") ?? [];
  return zones.includes("UTC") ? zones : ["UTC", ...zones];
}

export function CronField({ value, timezone, onChange, onTimezoneChange, now }: { value: string; timezone: string; onChange: (v: string) => void; onTimezoneChange: (tz: string) => void; now?: Date }) {
  const preview = useMemo(() => previewCron(value, timezone, 3, now), [value, timezone, now]);
  const zones = useMemo(timeZones, []);
  const fmt = (d: Date) =>
    d.toLocaleString(undefined, { weekday: "short", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZone: timezone || "UTC" });
  return (
    <Stack gap="xs">
      <Chip.Group multiple={false} value={CRON_PRESETS.find((p) => p.value === value.trim())?.value ?? "__custom"} onChange={(v) => onChange(String(v))}>
        <Group gap={6}>
          {CRON_PRESETS.map((p) => (
            <Chip key={p.label} value={p.value} size="xs" variant="light">{p.label}</Chip>
          ))}
        </Group>
      </Chip.Group>
      <TextInput
        label="Cron schedule"
        description="minute hour day-of-month month day-of-week; empty = run manually"
        placeholder="e.g. 0 2 * * *"
        value={value}
        onChange={(e) => onChange(e.currentTarget.value)}
        error={preview.ok ? undefined : preview.error}
        leftSection={<IconCalendarTime size={16} />}
        styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)" } }}
        spellCheck={false}
      />
      <Select
        label="Time zone"
        data={zones}
        value={timezone}
        onChange={(v) => onTimezoneChange(v ?? "UTC")}
        searchable
        nothingFoundMessage="No such zone"
        comboboxProps={{ withinPortal: true }}
      />
      {preview.ok && (
        <div data-testid="cron-preview">
          <Text size="sm" fw={500}>{preview.description}</Text>
          {preview.next.length > 0 && (
            <Text size="xs" c="dimmed">
              Next: {preview.next.map(fmt).join(" · ")}
            </Text>
          )}
        </div>
      )}
    </Stack>
  );
}
