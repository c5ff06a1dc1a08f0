// Custom SQL streams: a SELECT read as one more stream (for sources that support queries).
import { ActionIcon, Button, Group, Paper, Select, Stack, TagsInput, Text, Textarea, TextInput, Tooltip } from "@mantine/core";
import { IconCode, IconPlus, IconTrash } from "@tabler/icons-react";
import type { QueryDraft, SyncMode } from "../../lib/pipelineDraft";

const MODES: { value: SyncMode; label: string }[] = [
  { value: "full_refresh", label: "Full refresh" },
  { value: "append", label: "Append" },
  { value: "incremental", label: "Incremental" },
];

export function QueriesPanel({ queries, onChange, issues, serverErrors }: { queries: QueryDraft[]; onChange: (q: QueryDraft[]) => void; issues: Record<string, string>; serverErrors: Record<string, string> }) {
  const set = (i: number, patch: Partial<QueryDraft>) => onChange(queries.map((q, j) => (j === i ? { ...q, ...patch } : q)));
  const err = (i: number, k: string) => serverErrors[`queries.${i}.${k}`] ?? issues[`queries.${i}.${k}`];
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="xs">
          <IconCode size={18} />
          <Text fw={600}>Custom SQL streams</Text>
          <Text size="xs" c="dimmed">a SELECT on the source, loaded like a table</Text>
        </Group>
        <Button
          size="xs"
          variant="light"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange([...queries, { name: "", sql: "", sync_mode: "full_refresh", cursor_field: "", primary_key: [] }])}
        >
          Add SQL stream
        </Button>
      </Group>
      {queries.map((q, i) => (
        <Paper key={i} withBorder radius="md" p="sm" data-testid="query-stream">
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput label="Stream name" description="also the destination table" placeholder="e.g. paid_orders" value={q.name} w={200}
              onChange={(e) => set(i, { name: e.currentTarget.value })} error={err(i, "name")} required />
            <Select label="Sync mode" data={MODES} value={q.sync_mode} allowDeselect={false} w={150}
              onChange={(v) => set(i, { sync_mode: (v as SyncMode) ?? "full_refresh" })} comboboxProps={{ withinPortal: true }} />
            {q.sync_mode === "incremental" && (
              <TextInput label="Cursor column" placeholder="e.g. updated_at" value={q.cursor_field} w={160}
                onChange={(e) => set(i, { cursor_field: e.currentTarget.value })} error={err(i, "cursor_field")} />
            )}
            <TagsInput label="Primary key" placeholder="columns, Enter after each" value={q.primary_key} w={220}
              onChange={(v) => set(i, { primary_key: v })} error={err(i, "primary_key")} />
            <Tooltip label="Remove this SQL stream">
              <ActionIcon variant="subtle" color="red" mt={28} aria-label={`Remove SQL stream ${q.name || i + 1}`} onClick={() => onChange(queries.filter((_, j) => j !== i))}>
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
          <Textarea
            mt="xs"
            label="SQL"
            placeholder="SELECT id, amount, updated_at FROM public.orders WHERE status = 'paid'"
            autosize
            minRows={2}
            value={q.sql}
            onChange={(e) => set(i, { sql: e.currentTarget.value })}
            error={err(i, "sql")}
            styles={{ input: { fontFamily: "var(--mantine-font-family-monospace)", fontSize: 13 } }}
            spellCheck={false}
            required
          />
        </Paper>
      ))}
    </Stack>
  );
}
