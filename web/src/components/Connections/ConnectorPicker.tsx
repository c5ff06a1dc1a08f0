import { SimpleGrid, Text, UnstyledButton, Group, Paper } from "@mantine/core";
import type { Connector } from "../../api/connectors";
import { ConnectorIcon } from "../ui/ConnectorIcon";

export function ConnectorPicker({ connectors, value, onChange }: { connectors: Connector[]; value: string | null; onChange: (name: string) => void }) {
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} role="radiogroup" aria-label="Connector">
      {connectors.map((c) => {
        const selected = value === c.name;
        return (
          <UnstyledButton key={c.name} onClick={() => onChange(c.name)} role="radio" aria-checked={selected} data-connector={c.name}>
            <Paper
              withBorder
              radius="md"
              p="md"
              h="100%"
              style={{
                borderColor: selected ? "var(--mantine-primary-color-filled)" : undefined,
                boxShadow: selected ? "0 0 0 1px var(--mantine-primary-color-filled)" : undefined,
                background: selected ? "var(--mantine-primary-color-light)" : undefined,
              }}
            >
              <Group gap="sm" wrap="nowrap" align="flex-start">
                <ConnectorIcon icon={c.icon} />
                <div>
                  <Text fw={600} size="sm">{c.title}</Text>
                  <Text size="xs" c="dimmed" lineClamp={3}>{c.description}</Text>
                </div>
              </Group>
            </Paper>
          </UnstyledButton>
        );
      })}
    </SimpleGrid>
  );
}
