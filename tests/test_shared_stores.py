"""Our stores on a real PostgreSQL and Redis (Debian's, started in a temporary folder): what replicas share.

Two "replicas" here are two store objects with their own clients in threads of their own event
loops; the servers themselves run in tests/test_replicas.py.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from bot.channels.wechat.api import CustomerServiceApi
from bot.channels.wechat.dedup import PROCESSING, REPLIED, RedisMessageMemory, SQLMessageMemory, message_memory
from bot.database import LATEST
from bot.faq.unanswered import UnansweredLog
from tests.fake_wechat_api import FakeWeChatApi
from tests.wechat_peer import APP_ID, APP_SECRET

pytestmark = pytest.mark.slow


@pytest.fixture
def shared(postgres, redis_server, monkeypatch):
    monkeypatch.setenv("QICC_DATABASE_URL", postgres.url)
    monkeypatch.setenv("QICC_REDIS_URL", redis_server.url)


def qicc(*args, env):
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, env=env)


def test_db_upgrade_creates_every_table_once_and_then_has_nothing_to_do(postgres, tmp_path):
    import os

    # trust authentication ignores the password; it is there to check that it is never printed
    url = postgres.url.replace("qicc@", "qicc:s3cret@").rsplit("/", 1)[0] + "/upgrade_test"
    engine = sa.create_engine(postgres.url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("CREATE DATABASE upgrade_test"))
    env = {**os.environ, "QICC_DATABASE_URL": url}
    first, second = qicc("db", "upgrade", env=env), qicc("db", "upgrade", env=env)
    assert first.returncode == 0 and f"schema version 0 -> {LATEST}" in first.stdout, first.stdout + first.stderr
    assert second.returncode == 0 and "nothing to do" in second.stdout
    assert "upgrade_test" in first.stdout and "s3cret" not in first.stdout + first.stderr
    tables = set(sa.inspect(sa.create_engine(url)).get_table_names())
    assert {
        "events",
        "seen_messages",
        "offered_choices",
        "access_tokens",
        "token_refreshes",
        "unanswered",
        "handoffs",
        "handoff_messages",
        "staff_presence",
        "page_changes",
        "schema_version",
    } <= tables


def test_db_upgrade_names_an_unreachable_database():
    import os

    done = qicc("db", "upgrade", env={**os.environ, "QICC_DATABASE_URL": "postgresql://qicc@127.0.0.1:9/none"})
    assert done.returncode == 1 and "could not upgrade" in done.stdout and "Traceback" not in done.stderr


def test_a_message_is_claimed_by_one_replica_in_postgresql(postgres, monkeypatch, tmp_path):
    monkeypatch.setenv("QICC_DATABASE_URL", postgres.url)
    a, b = SQLMessageMemory(tmp_path / "a.sqlite3"), SQLMessageMemory(tmp_path / "b.sqlite3")
    assert a.claim("wechat:gh:msg-1") is None
    assert b.claim("wechat:gh:msg-1").state == PROCESSING
    a.settle("wechat:gh:msg-1", REPLIED, "the phone number is ...")
    assert (b.claim("wechat:gh:msg-1").state, b.claim("wechat:gh:msg-1").reply) == (REPLIED, "the phone number is ...")
    assert not (tmp_path / "a.sqlite3").exists()  # nothing went to the embedded file


def test_concurrent_arrivals_in_redis_are_claimed_once(shared, tmp_path):
    memory = message_memory(tmp_path / "wechat.sqlite3")
    assert isinstance(memory, RedisMessageMemory)
    firsts = []

    def arrive():
        if memory.claim("wechat:gh:msg-concurrent") is None:
            firsts.append(1)

    threads = [threading.Thread(target=arrive) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(firsts) == 1
    memory.settle("wechat:gh:msg-concurrent", REPLIED, "回复")
    assert memory.claim("wechat:gh:msg-concurrent").reply == "回复"
    assert 0 < memory.redis.ttl(RedisMessageMemory.PREFIX + "wechat:gh:msg-concurrent") <= 24 * 3600


def test_replicas_fetch_one_token_at_expiry(postgres, monkeypatch, tmp_path):
    """Two replicas (own API clients, own event loops) find the token refused at once: one fetch in all."""
    monkeypatch.setenv("QICC_DATABASE_URL", postgres.url)
    with FakeWeChatApi({APP_ID: APP_SECRET}) as fake:
        fake.token_delay = 0.3  # so the second replica asks while the first is still fetching

        def replica(name, texts):
            api = CustomerServiceApi(fake.base_url, APP_ID, APP_SECRET, tmp_path / f"{name}.sqlite3")

            async def main():
                try:
                    await asyncio.gather(*(api.send_text(f"openid-{name}-{i}", t) for i, t in enumerate(texts)))
                finally:
                    await api.close()

            asyncio.run(main())

        def both(texts):
            threads = [threading.Thread(target=replica, args=(name, texts)) for name in "ab"]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()

        both(["first", "second"])
        assert fake.token_fetches == 1
        fake.expire_all()
        both(["third", "fourth"])
        assert fake.token_fetches == 2
        assert sorted(s.content for s in fake.sent) == sorted(["first", "second", "third", "fourth"] * 2)


def test_the_unanswered_log_is_one_for_all_replicas(postgres, monkeypatch, tmp_path):
    monkeypatch.setenv("QICC_DATABASE_URL", postgres.url)
    monkeypatch.delenv("QICC_SENDER_HASH_KEY", raising=False)
    a, b = UnansweredLog(tmp_path / "a.sqlite3"), UnansweredLog(tmp_path / "b.sqlite3")
    a.record("is there a gym nearby?", "en", "rest", "visitor-1")
    b.record("附近有健身房吗", "zh", "wechat", "visitor-1")
    texts = [m.text for m in a.messages()]
    assert texts[-2:] == ["is there a gym nearby?", "附近有健身房吗"]
    assert len({m.sender_hash for m in b.messages()[-2:]}) == 1  # one key for both replicas


def lock_stores(redis_server, count):
    from rasa.utils.endpoints import EndpointConfig

    from bot.rasa.lock_store import AtomicRedisLockStore
    from bot.processes.servers import shared_stores
    from bot.settings import settings

    config = shared_stores(settings())["lock_store"]
    return [AtomicRedisLockStore(EndpointConfig.from_dict(config)) for _ in range(count)]


def test_replicas_taking_tickets_at_once_get_distinct_numbers(shared, redis_server):
    stores = lock_stores(redis_server, 8)
    conversation = f"tickets-{time.time()}"
    tickets = []
    threads = [
        threading.Thread(target=lambda s=s: tickets.extend(s.issue_ticket(conversation) for _ in range(10)))
        for s in stores
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(tickets) == list(range(80))


def test_one_conversation_is_handled_by_one_replica_at_a_time(shared, redis_server):
    stores = lock_stores(redis_server, 4)
    conversation = f"serial-{time.time()}"
    inside, overlaps, turns = [], [], []

    def replica(store):
        async def turns_of_this_replica():
            for _ in range(5):
                async with store.lock(conversation):
                    if inside:
                        overlaps.append(1)
                    inside.append(1)
                    await asyncio.sleep(0.01)
                    inside.pop()
                    turns.append(1)

        asyncio.run(turns_of_this_replica())

    threads = [threading.Thread(target=replica, args=(store,)) for store in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(turns) == 20 and not overlaps
    assert stores[0].get_lock(conversation) is None  # the last one out removed the lock


def test_the_tracker_store_carries_on_after_postgresql_restarts(shared, postgres):
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.processes.servers import shared_stores
    from bot.settings import settings
    from bot.rasa.tracker_store import PostgreSQLTrackerStore

    options = shared_stores(settings())["tracker_store"]
    options.pop("type")
    store = PostgreSQLTrackerStore(Domain.empty(), host=options.pop("url"), **options)
    sender = f"restart-{time.time()}"
    tracker = DialogueStateTracker(sender, [])
    tracker.update(UserUttered("before the restart"))
    asyncio.run(store.save(tracker))
    postgres.stop()
    postgres.start()
    tracker.update(UserUttered("after the restart"))
    asyncio.run(store.save(tracker))  # on a pooled connection the restart broke, without the check
    texts = [e.text for e in asyncio.run(store.retrieve(sender)).events if isinstance(e, UserUttered)]
    assert texts == ["before the restart", "after the restart"]
