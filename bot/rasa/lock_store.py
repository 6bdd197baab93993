"""Rasa's Redis lock store, with each change of a lock made atomic, for replicas on one Redis.

Rasa's RedisLockStore reads a conversation's lock, changes it in Python and writes it back. Two replicas
that take a ticket for the same conversation at the same moment both read the lock without the other's
ticket, both take the same number, and both handle their message at once: the very thing the lock is
for. Here every change (take a ticket, give it back, drop expired tickets) runs in a Redis transaction
that is retried when another replica changed the lock meanwhile (WATCH/MULTI), and the lock's key
expires by itself when a replica that held it died.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Optional, Text, Tuple

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# How often a waiting message looks at the lock again (Rasa waits 1 s, which a queued message feels).
WAIT_SECONDS = 0.05

Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: Text, change: Change, seconds: float = LOCK_LIFETIME) -> Any:
        """Apply ``change`` (old lock -> new lock or None to delete it, result) as one transaction."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps(), ex=max(1, int(2 * seconds)))
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another replica changed this lock first: read it again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, take, lock_lifetime)

    def update_lock(self, conversation_id: Text) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        def give_back(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return (lock if lock and lock.is_someone_waiting() else None), None

        self._change(conversation_id, give_back)

    def lock(
        self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = WAIT_SECONDS
    ) -> Any:
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)
