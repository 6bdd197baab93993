"""How often one sender or one client address may send, so that one client cannot starve the others.

A token bucket per key, in the memory of the Rasa server process: a client may send a burst of
``burst`` messages, then one every ``60 / per_minute`` seconds. Each Rasa server of several side by
side keeps its own buckets, so the limit there is per server (a load balancer's stickiness makes that
per client in practice).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Dict, Tuple

MAX_KEYS = 100_000  # buckets kept; beyond that the full ones (idle clients) are forgotten


@dataclass
class RateLimiter:
    per_minute: float
    burst: int
    clock: Callable[[], float] = time.monotonic
    _buckets: Dict[str, Tuple[float, float]] = field(default_factory=dict)  # key -> (tokens, at)

    def allow(self, key: str) -> bool:
        """Take one message from ``key``'s bucket; False when it is empty."""
        if self.per_minute <= 0:
            return True  # limits turned off
        now = self.clock()
        tokens, at = self._buckets.get(key, (float(self.burst), now))
        tokens = min(float(self.burst), tokens + (now - at) * self.per_minute / 60)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        if len(self._buckets) > MAX_KEYS:
            self._forget_idle(now)
        return allowed

    def _forget_idle(self, now: float) -> None:
        refill = self.burst * 60 / self.per_minute
        self._buckets = {k: v for k, v in self._buckets.items() if now - v[1] < refill}
