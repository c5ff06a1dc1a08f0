import { Badge, Tooltip } from "@mantine/core";
import { useSocketStatus } from "../../lib/hooks";

export function LiveIndicator() {
  const status = useSocketStatus();
  const label =
    status === "open"
      ? "Live updates over WebSocket"
      : status === "connecting"
        ? "Connecting to live updates…"
        : "Live socket unavailable: refreshing by polling";
  return (
    <Tooltip label={label}>
      <Badge
        variant="dot"
        color={status === "open" ? "teal" : status === "connecting" ? "yellow" : "gray"}
        size="lg"
        tt="none"
        fw={500}
        data-testid="live-indicator"
      >
        {status === "open" ? "Live" : "Polling"}
      </Badge>
    </Tooltip>
  );
}
