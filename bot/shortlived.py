"""Redis for short-lived shared keys (QICC_REDIS_URL), when replicas run; none on one machine."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Optional

from bot.settings import settings


@lru_cache(maxsize=None)
def _client(url: str) -> Any:
    import redis  # Rasa's Redis lock store brings it; loaded only when replicas use Redis

    # Short timeouts: a message waits at most this long for Redis, and a restarted Redis is reconnected to.
    return redis.Redis.from_url(
        url, socket_timeout=2, socket_connect_timeout=2, retry_on_timeout=True, health_check_interval=30
    )


def redis_client() -> Optional[Any]:
    url = settings().redis_url
    return _client(url) if url else None
