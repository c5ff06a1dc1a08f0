import { Group, Text } from "@mantine/core";

export function LogoMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <defs>
        <linearGradient id="sl-g" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#3a9bf8" />
          <stop offset="1" stopColor="#12b886" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="8" fill="url(#sl-g)" />
      <path
        d="M7 11c3-3 6 3 9 0s6 3 9 0M7 17c3-3 6 3 9 0s6 3 9 0M7 23c3-3 6 3 9 0s6 3 9 0"
        stroke="#fff" strokeWidth="2.4" fill="none" strokeLinecap="round"
      />
    </svg>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <LogoMark size={size} />
      <Text fw={700} fz={size * 0.68} style={{ letterSpacing: -0.3 }}>
        Sluice
      </Text>
    </Group>
  );
}
