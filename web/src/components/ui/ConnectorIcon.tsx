import { ThemeIcon } from "@mantine/core";
import { IconDatabase, IconFile, IconFlask, IconPlugConnected, IconCloud } from "@tabler/icons-react";

const ICONS: Record<string, { icon: typeof IconDatabase; color: string }> = {
  postgresql: { icon: IconDatabase, color: "indigo" },
  postgres: { icon: IconDatabase, color: "indigo" },
  database: { icon: IconDatabase, color: "indigo" },
  file: { icon: IconFile, color: "orange" },
  flask: { icon: IconFlask, color: "grape" },
  cloud: { icon: IconCloud, color: "cyan" },
};

export function ConnectorIcon({ icon, size = 36 }: { icon?: string | null; size?: number }) {
  const found = ICONS[icon ?? ""] ?? { icon: IconPlugConnected, color: "gray" };
  const Icon = found.icon;
  return (
    <ThemeIcon size={size} radius="md" variant="light" color={found.color} aria-hidden>
      <Icon size={size * 0.58} stroke={1.6} />
    </ThemeIcon>
  );
}
