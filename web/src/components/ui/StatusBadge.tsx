import { Badge, Loader } from "@mantine/core";

const COLORS: Record<string, string> = {
  success: "teal",
  failed: "red",
  cancelled: "gray",
  running: "blue",
  pending: "yellow",
};

export function StatusBadge({ status, size = "sm" }: { status: string | null | undefined; size?: "xs" | "sm" | "md" | "lg" }) {
  if (!status) return <Badge color="gray" variant="outline" size={size}>never run</Badge>;
  const active = status === "running" || status === "pending";
  return (
    <Badge
      color={COLORS[status] ?? "gray"}
      variant={active ? "light" : "filled"}
      size={size}
      leftSection={active ? <Loader size={10} color={COLORS[status]} /> : undefined}
      data-testid="status-badge"
    >
      {status}
    </Badge>
  );
}
