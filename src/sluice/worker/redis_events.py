"""Live events over Redis pub/sub, so every API replica sees events from every worker."""

from __future__ import annotations

import json
import logging
import threading
from typing import Any

from sluice.core.events import Event, InProcessEventBus, Listener

log = logging.getLogger(__name__)

CHANNEL = "sluice:events"


class RedisEventBus:
    """Publishes to a Redis channel; listeners in this process get every event on it (their own
    included) from one background subscriber thread."""

    def __init__(self, url: str, *, channel: str = CHANNEL) -> None:
        import redis

        self._redis: Any = redis.Redis.from_url(url)
        self._channel = channel
        self._local = InProcessEventBus()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stopped = threading.Event()

    def publish(self, event: Event) -> None:
        """Send ``event`` to the channel (best effort: a Redis outage is logged, not raised)."""
        try:
            self._redis.publish(self._channel, json.dumps(event, default=str))
        except Exception:
            log.warning("could not publish a live event to Redis", exc_info=True)

    def subscribe(self, listener: Listener) -> Any:
        """Call ``listener`` for each event on the channel from now on."""
        self._start()
        return self._local.subscribe(listener)

    def close(self) -> None:
        """Stop the subscriber thread."""
        self._stopped.set()

    def _start(self) -> None:
        with self._lock:
            if self._thread is not None:
                return
            self._thread = threading.Thread(target=self._listen, name="sluice-events", daemon=True)
            self._thread.start()
        self._ready.wait(timeout=5)

    def _listen(self) -> None:
        while not self._stopped.is_set():
            pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
            try:
                pubsub.subscribe(self._channel)
                self._ready.set()
                while not self._stopped.is_set():
                    message = pubsub.get_message(timeout=1.0)
                    if message and message.get("type") == "message":
                        self._local.publish(json.loads(message["data"]))
            except Exception:
                log.warning("live event subscription lost; reconnecting", exc_info=True)
                self._stopped.wait(1.0)
            finally:
                pubsub.close()
