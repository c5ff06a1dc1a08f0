import type { ReactNode } from "react";
import { Center, Paper, Stack, Text, Title } from "@mantine/core";
import { Logo } from "../ui/Logo";

export function AuthCard({ title, subtitle, children, width = 440 }: { title: string; subtitle?: ReactNode; children: ReactNode; width?: number }) {
  return (
    <Center className="auth-bg" p="md">
      <Stack w="100%" maw={width} gap="lg">
        <Center><Logo size={34} /></Center>
        <Paper withBorder shadow="md" radius="lg" p={32}>
          <Title order={2} fz={22} mb={4}>{title}</Title>
          {subtitle && <Text c="dimmed" size="sm" mb="lg">{subtitle}</Text>}
          {children}
        </Paper>
        <Text c="dimmed" size="xs" ta="center">Self-hosted data integration</Text>
      </Stack>
    </Center>
  );
}
