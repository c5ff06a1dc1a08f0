import { Group, List, Progress, Text } from "@mantine/core";
import { passwordStrength } from "../../lib/passwordStrength";

export function PasswordStrengthMeter({ value }: { value: string }) {
  const s = passwordStrength(value);
  return (
    <div aria-live="polite">
      <Progress value={s.percent} color={s.color} size="sm" mt="xs" aria-label="Password strength" />
      {value && (
        <Group justify="space-between" mt={4}>
          <Text size="xs" c={s.color} fw={600} data-testid="strength-label">{s.label}</Text>
        </Group>
      )}
      {value && s.hints.length > 0 && (
        <List size="xs" c="dimmed" mt={4} spacing={2}>
          {s.hints.map((h) => <List.Item key={h}>{h}</List.Item>)}
        </List>
      )}
    </div>
  );
}
