// Pick streams and columns; sync mode, cursor and primary key per stream (suggested from discovery).
import { useState } from "react";
import { Badge, Button, Checkbox, Group, MultiSelect, Popover, ScrollArea, Select, Stack, Table, Text, TextInput, Tooltip } from "@mantine/core";
import { IconColumns, IconSearch } from "@tabler/icons-react";
import type { CatalogStream } from "../../api/connections";
import { formatNumber } from "../../lib/format";
import { streamDraft, type PipelineDraft, type StreamDraft, type SyncMode } from "../../lib/pipelineDraft";

const MODES: { value: SyncMode; label: string }[] = [
  { value: "full_refresh", label: "Full refresh" },
  { value: "append", label: "Append" },
  { value: "incremental", label: "Incremental" },
];

function ColumnPicker({ stream, draft, onChange }: { stream: CatalogStream; draft: StreamDraft; onChange: (cols: string[] | null) => void }) {
  const all = stream.columns.map((c) => c.name);
  const chosen = draft.columns ?? all;
  const required = new Set([...(draft.sync_mode === "incremental" && draft.cursor_field ? [draft.cursor_field] : []), ...draft.primary_key]);
  return (
    <Popover width={280} position="bottom-end" shadow="md" withArrow trapFocus>
      <Popover.Target>
        <Button size="compact-xs" variant="default" leftSection={<IconColumns size={12} />} aria-label={`Columns of ${stream.name}`}>
          {chosen.length === all.length ? `All ${all.length}` : `${chosen.length} of ${all.length}`}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Group justify="space-between" mb="xs">
          <Text size="xs" fw={600}>Columns to copy</Text>
          <Group gap={4}>
            <Button size="compact-xs" variant="subtle" onClick={() => onChange(null)}>All</Button>
            <Button size="compact-xs" variant="subtle" onClick={() => onChange([...required])}>Keys only</Button>
          </Group>
        </Group>
        <ScrollArea.Autosize mah={260}>
          <Stack gap={6}>
            {stream.columns.map((c) => (
              <Checkbox
                key={c.name}
                size="xs"
                label={
                  <Group gap={6} wrap="nowrap">
                    <Text size="xs" className="mono">{c.name}</Text>
                    <Text size="xs" c="dimmed">{c.native_type ?? c.type}</Text>
                  </Group>
                }
                checked={chosen.includes(c.name)}
                onChange={(e) => {
                  const next = e.currentTarget.checked ? [...chosen, c.name] : chosen.filter((x) => x !== c.name);
                  onChange(all.filter((x) => next.includes(x)));
                }}
              />
            ))}
          </Stack>
        </ScrollArea.Autosize>
      </Popover.Dropdown>
    </Popover>
  );
}

export function StreamsPanel({ catalog, draft, onStream, issues }: { catalog: CatalogStream[]; draft: PipelineDraft; onStream: (name: string, s: StreamDraft) => void; issues: Record<string, string> }) {
  const [search, setSearch] = useState("");
  const shown = catalog.filter((s) => !search || s.name.toLowerCase().includes(search.toLowerCase()));
  const selectedCount = catalog.filter((s) => draft.streams[s.name]?.selected).length;
  const allShownSelected = shown.length > 0 && shown.every((s) => draft.streams[s.name]?.selected);

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Group gap="xs">
          <Text fw={600}>Streams</Text>
          <Badge variant="light">{selectedCount} of {catalog.length} selected</Badge>
        </Group>
        <TextInput size="xs" placeholder="Filter streams" aria-label="Filter streams" leftSection={<IconSearch size={12} />} value={search} onChange={(e) => setSearch(e.currentTarget.value)} />
      </Group>
      <Table.ScrollContainer minWidth={760}>
        <Table verticalSpacing={8} highlightOnHover data-testid="streams-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36}>
                <Checkbox
                  aria-label="Select every stream"
                  checked={allShownSelected}
                  indeterminate={!allShownSelected && shown.some((s) => draft.streams[s.name]?.selected)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    shown.forEach((s) => onStream(s.name, { ...streamDraft(draft, s), selected: on }));
                  }}
                />
              </Table.Th>
              <Table.Th>Stream</Table.Th>
              <Table.Th>Sync mode</Table.Th>
              <Table.Th>Cursor</Table.Th>
              <Table.Th>Primary key</Table.Th>
              <Table.Th>Columns</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((s) => {
              const d = streamDraft(draft, s);
              const set = (patch: Partial<StreamDraft>) => onStream(s.name, { ...d, ...patch });
              const cols = s.columns.map((c) => c.name);
              const cursorOptions = [
                { group: "Suggested", items: s.cursor_candidates },
                { group: "Other columns", items: cols.filter((c) => !s.cursor_candidates.includes(c)) },
              ].filter((g) => g.items.length);
              const err = (k: string) => issues[`streams.${s.name}.${k}`];
              return (
                <Table.Tr key={s.name} data-stream={s.name} style={{ opacity: d.selected ? 1 : 0.72 }}>
                  <Table.Td>
                    <Checkbox aria-label={`Copy ${s.name}`} checked={d.selected} onChange={(e) => set({ selected: e.currentTarget.checked })} />
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={500} className="mono">{s.name}</Text>
                    <Text size="xs" c="dimmed">{s.row_estimate != null ? `~${formatNumber(s.row_estimate)} rows` : "row count unknown"} · {s.kind ?? "table"}</Text>
                  </Table.Td>
                  <Table.Td w={150}>
                    <Select size="xs" data={MODES} value={d.sync_mode} disabled={!d.selected} aria-label={`Sync mode of ${s.name}`} allowDeselect={false}
                      onChange={(v) => set({ sync_mode: (v as SyncMode) ?? "full_refresh", cursor_field: v === "incremental" ? (d.cursor_field ?? s.cursor_candidates[0] ?? null) : d.cursor_field })}
                      comboboxProps={{ withinPortal: true }} />
                  </Table.Td>
                  <Table.Td w={170}>
                    {d.sync_mode === "incremental" ? (
                      <Select size="xs" data={cursorOptions} value={d.cursor_field} disabled={!d.selected} placeholder="Pick a cursor" aria-label={`Cursor of ${s.name}`}
                        onChange={(v) => set({ cursor_field: v })} error={d.selected ? err("cursor_field") && " " : undefined} comboboxProps={{ withinPortal: true }} />
                    ) : (
                      <Tooltip label="Only incremental streams use a cursor"><Text size="xs" c="dimmed">—</Text></Tooltip>
                    )}
                  </Table.Td>
                  <Table.Td w={190}>
                    <MultiSelect size="xs" data={cols} value={d.primary_key} disabled={!d.selected} placeholder={d.primary_key.length ? undefined : "none"} aria-label={`Primary key of ${s.name}`}
                      onChange={(v) => set({ primary_key: v })} error={d.selected ? err("primary_key") && " " : undefined} comboboxProps={{ withinPortal: true }} />
                  </Table.Td>
                  <Table.Td>
                    <ColumnPicker stream={s} draft={d} onChange={(c) => set({ columns: c })} />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}
