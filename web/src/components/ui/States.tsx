// Loading, error and empty states used on every screen.
import type { ReactNode } from "react";
import { Alert, Button, Center, Group, Loader, Paper, Stack, Text, ThemeIcon, Title } from "@mantine/core";
import { IconAlertTriangle, IconRefresh } from "@tabler/icons-react";
import { errorMessage } from "../../api/client";

export function Loading({ label = "Loading…" }: { label?: string }) {
  return (
    <Center py="xl" role="status" aria-live="polite">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed" size="sm">{label}</Text>
      </Group>
    </Center>
  );
}

export function ErrorState({ error, retry, title = "Something went wrong" }: { error: unknown; retry?: () => void; title?: string }) {
  return (
    <Alert color="red" variant="light" title={title} icon={<IconAlertTriangle size={18} />} role="alert">
      <Stack gap="xs" align="flex-start">
        <Text size="sm">{errorMessage(error)}</Text>
        {retry && (
          <Button size="xs" variant="default" leftSection={<IconRefresh size={14} />} onClick={retry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}

export function EmptyState({ icon, title, children, action }: { icon: ReactNode; title: string; children?: ReactNode; action?: ReactNode }) {
  return (
    <Paper withBorder radius="lg" p="xl" style={{ borderStyle: "dashed" }}>
      <Stack align="center" gap="sm" py="lg" maw={460} mx="auto" ta="center">
        <ThemeIcon size={56} radius="xl" variant="light">{icon}</ThemeIcon>
        <Title order={4}>{title}</Title>
        {children && <Text c="dimmed" size="sm">{children}</Text>}
        {action}
      </Stack>
    </Paper>
  );
}

export function PageHeader({ title, description, actions }: { title: ReactNode; description?: ReactNode; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="lg" wrap="wrap" gap="md">
      <div>
        <Title order={2} fz={26}>{title}</Title>
        {description && <Text c="dimmed" size="sm" mt={4}>{description}</Text>}
      </div>
      {actions && <Group gap="sm">{actions}</Group>}
    </Group>
  );
}
