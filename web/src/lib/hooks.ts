import { useEffect, useState, useSyncExternalStore } from "react";
import { liveSocket, type SocketStatus } from "./liveSocket";

export function useSocketStatus(): SocketStatus {
  return useSyncExternalStore(
    (cb) => liveSocket.onStatus(cb),
    () => liveSocket.status,
  );
}

/** Re-render every `ms` (for "3 s ago" labels and ticking durations). */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
