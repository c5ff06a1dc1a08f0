// One shared WebSocket to /api/ws (cookie session). Components subscribe to its events; when the
// socket is not available they fall back to polling (see useJobLive / useLiveInvalidation).
export type SocketStatus = "connecting" | "open" | "unavailable";
type EventListener = (event: Record<string, unknown>) => void;
type StatusListener = (status: SocketStatus) => void;

class LiveSocket {
  private ws: WebSocket | null = null;
  private listeners = new Set<EventListener>();
  private statusListeners = new Set<StatusListener>();
  private retry = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  status: SocketStatus = "connecting";

  private setStatus(s: SocketStatus) {
    if (s === this.status) return;
    this.status = s;
    this.statusListeners.forEach((l) => l(s));
  }

  private connect() {
    if (this.ws || typeof WebSocket === "undefined") return;
    const proto = window.location.protocol === "https:" ? "wss:" : "ws:";
    let ws: WebSocket;
    try {
      ws = new WebSocket(`${proto}//${window.location.host}/api/ws`);
    } catch {
      this.setStatus("unavailable");
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.setStatus("open");
    };
    ws.onmessage = (msg) => {
      try {
        const event = JSON.parse(String(msg.data)) as Record<string, unknown>;
        this.listeners.forEach((l) => l(event));
      } catch {
        /* not JSON: ignore */
      }
    };
    ws.onclose = () => {
      this.ws = null;
      this.setStatus("unavailable");
      if (this.listeners.size + this.statusListeners.size === 0) return;
      // Back off: 1 s, 2 s, 4 s ... up to 30 s; polling covers the gap.
      const delay = Math.min(30_000, 1000 * 2 ** this.retry++);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    this.connect();
    return () => this.listeners.delete(listener);
  }

  onStatus(listener: StatusListener): () => void {
    this.statusListeners.add(listener);
    this.connect();
    return () => this.statusListeners.delete(listener);
  }

  /** After login: the old socket (if any) was unauthenticated. */
  reset() {
    if (this.timer) clearTimeout(this.timer);
    this.retry = 0;
    this.ws?.close();
    this.ws = null;
    this.connect();
  }
}

export const liveSocket = new LiveSocket();
