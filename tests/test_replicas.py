"""Two replicas of the assistant (each a Rasa server and an action server, as `qicc run` starts them) on one
PostgreSQL and one Redis, behind nginx with the sample configuration, with one shared content folder.

What an operator relies on when running several: a conversation may move between replicas, many visitors at
once are each answered once and in order, WeChat's duplicates are answered once and its token is fetched once,
a staff edit reaches every replica, and neither a replica dying nor PostgreSQL restarting loses a message.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List

import pytest
import sqlalchemy as sa

from bench.assistants import environment
from bot.attractions.catalogue import build_catalogue
from bot.faq.content import build_faq
from bot.limits import conversation_id
from bot.settings import ROOT
from bot.content.yamlfile import read_yaml
from tests import wechat_peer as peer
from tests.conftest import FIXED_NOW, Assistant
from tests.fake_wechat_api import FakeWeChatApi
from tests.shared_stores import Nginx, free_port

pytestmark = pytest.mark.slow
# Two Rasa servers load TensorFlow and the model at once, on a machine that may be busy with other work.
START_TIMEOUT = 900
ids = itertools.count(int(time.time()) * 1000)


@dataclass
class Cluster:
    replicas: List[Assistant]
    servers: list
    balancer: Assistant  # nginx in front of both
    api: FakeWeChatApi
    postgres: object
    data_dir: Path

    def events(self, sender: str) -> List[Dict]:
        engine = sa.create_engine(self.postgres.url)
        try:
            with engine.connect() as connection:
                rows = (
                    connection.execute(
                        sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
                    )
                    .scalars()
                    .all()
                )
        finally:
            engine.dispose()
        return [json.loads(row) for row in rows]

    def user_texts(self, sender: str) -> List[str]:
        return [event["text"] for event in self.events(sender) if event["event"] == "user"]


@pytest.fixture(scope="session")
def cluster(trained_model, postgres, redis_server, tmp_path_factory) -> Iterator[Cluster]:
    from bot.commands.db import run_upgrade
    from bot.processes.servers import Servers
    from bot.settings import settings

    base = tmp_path_factory.mktemp("replicas")
    data_dir = base / "data"
    shutil.copytree(ROOT / "data", data_dir)  # the one content folder every replica reads
    api = FakeWeChatApi({peer.APP_ID: peer.APP_SECRET, peer.CORP_ID: peer.WECOM_SECRET}).__enter__()
    shared = {
        "QICC_DATABASE_URL": postgres.url,
        "QICC_REDIS_URL": redis_server.url,
        "QICC_NOW": FIXED_NOW,
        "QICC_DATA_DIR": str(data_dir),
        **peer.channel_env(api.base_url),
        "QICC_WECHAT_REPLY_BUDGET": "0",  # every WeChat answer goes through the API, so it is counted
        # Every test visitor comes through nginx from 127.0.0.1: one address, so no per-address limit.
        "QICC_RATE_PER_ADDRESS": "0",
    }
    all_servers, replicas = [], []
    try:
        with environment(shared):
            assert run_upgrade(None) == 0
        for name in "ab":
            state_dir = base / f"state-{name}"
            own = {
                "QICC_STATE_DIR": str(state_dir),
                "QICC_RASA_PORT": str(free_port()),
                "QICC_ACTIONS_PORT": str(free_port()),
                "QICC_CONSOLE_PORT": str(free_port()),
            }
            with environment({**shared, **own}):
                servers = Servers(trained_model, settings())
                all_servers.append(servers)
                servers.start()
            replicas.append(Assistant(f"http://127.0.0.1:{own['QICC_RASA_PORT']}", data_dir, state_dir))
        for servers in all_servers:
            servers.wait_ready(timeout=START_TIMEOUT)
        nginx = Nginx(base / "nginx", ROOT / "deploy" / "nginx-qicc.conf", [s.config.rasa_port for s in all_servers])
        nginx.start()
        try:
            yield Cluster(replicas, all_servers, Assistant(nginx.url, data_dir, base), api, postgres, data_dir)
        finally:
            nginx.stop()
    finally:
        for servers in all_servers:
            servers.stop()
        api.__exit__(None, None, None)


def ask_with_retry(assistant: Assistant, text: str, sender: str, attempts: int = 5) -> List[Dict]:
    """What a client does: a message that got no answer (replica gone, 502) is sent again."""
    for attempt in range(attempts):
        try:
            return assistant.ask(text, sender)
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if attempt == attempts - 1:
                raise
            time.sleep(1)
    raise AssertionError("unreachable")


def reply_text(messages: List[Dict]) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_a_conversation_moving_between_replicas_keeps_its_context(cluster):
    a, b = cluster.replicas
    catalogue = build_catalogue(read_yaml(cluster.data_dir / "attractions.yml"), "attractions.yml")
    place = catalogue.get("badaguan")
    sender = f"alternating-{next(ids)}"
    assert place.texts["description"]["en"] in a.reply_text("tell me about Badaguan", sender)
    assert place.texts["transport"]["en"] in b.reply_text("how do I get there?", sender)
    assert place.texts["hours"]["en"] in a.reply_text("when is it open?", sender)
    assert cluster.user_texts(conversation_id("rest", sender)) == [
        "tell me about Badaguan",
        "how do I get there?",
        "when is it open?",
    ]


QUESTIONS = ["what is your phone number", "where are you", "when are you open", "thank you"]


def test_twenty_visitors_at_once_are_each_answered_once_in_order(cluster):
    senders = [f"crowd-{next(ids)}" for _ in range(20)]

    def visitor(sender):
        return [reply_text(cluster.balancer.ask(question, sender)) for question in QUESTIONS]

    with ThreadPoolExecutor(len(senders)) as pool:
        answers = list(pool.map(visitor, senders))
    phone = cluster.replicas[0].reply_text("what is your phone number", f"reference-{next(ids)}")
    for sender, replies in zip(senders, answers, strict=True):
        assert all(replies), f"{sender} got an empty answer: {replies}"
        assert replies[0] == phone
        assert cluster.user_texts(conversation_id("rest", sender)) == QUESTIONS  # each once, in the order sent


def test_one_visitors_messages_on_both_replicas_at_once_are_handled_one_after_the_other(cluster):
    """Redis locks the conversation: the two turns do not interleave in the stored conversation."""
    sender = f"double-{next(ids)}"
    with ThreadPoolExecutor(2) as pool:
        replies = list(
            pool.map(
                lambda pair: pair[0].ask(pair[1], sender),
                zip(cluster.replicas, ["what is your phone number", "where are you"], strict=True),
            )
        )
    assert all(replies)
    events = cluster.events(conversation_id("rest", sender))
    kinds = [event["event"] for event in events]
    user_turns = [i for i, kind in enumerate(kinds) if kind == "user"]
    assert len(user_turns) == 2
    # Between the two messages the first turn ran to its end (the assistant listening again).
    assert "action" in kinds[user_turns[0] : user_turns[1]] and "bot" in kinds[user_turns[0] : user_turns[1]]
    assert kinds[-1] == "action" and events[-1]["name"] == "action_listen"


def post_wechat(base_url: str, query_body) -> int:
    query, body = query_body
    request = urllib.request.Request(
        f"{base_url}/webhooks/wechat/webhook?{urllib.parse.urlencode(query)}",
        data=body,
        headers={"Content-Type": "text/xml"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def sent_to(api: FakeWeChatApi, openid: str, count: int, timeout: float = 60) -> List[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and len([s for s in api.sent if s.touser == openid]) < count:
        time.sleep(0.2)
    return [s.content for s in api.sent if s.touser == openid]


def test_one_wechat_message_delivered_to_both_replicas_is_answered_once(cluster):
    side = peer.OfficialAccount()
    openid = f"o-both-{next(ids)}"
    request = side.encrypted(peer.text_xml(openid, "what is your phone number", str(next(ids))))
    with ThreadPoolExecutor(2) as pool:
        statuses = list(pool.map(lambda replica: post_wechat(replica.base_url, request), cluster.replicas))
    assert statuses == [200, 200]
    assert len(sent_to(cluster.api, openid, 1)) == 1
    time.sleep(3)  # time enough for a second answer, if one were coming
    assert len(sent_to(cluster.api, openid, 2, timeout=0)) == 1
    assert cluster.user_texts(openid) == ["what is your phone number"]


def test_the_access_token_is_fetched_once_across_replicas_at_expiry(cluster):
    side = peer.OfficialAccount()

    def one_message_on_each_replica():
        openids = [f"o-token-{next(ids)}" for _ in cluster.replicas]
        with ThreadPoolExecutor(2) as pool:
            list(
                pool.map(
                    lambda pair: post_wechat(
                        pair[0].base_url, side.encrypted(peer.text_xml(pair[1], "hello", str(next(ids))))
                    ),
                    zip(cluster.replicas, openids, strict=True),
                )
            )
        for openid in openids:
            assert len(sent_to(cluster.api, openid, 1)) == 1

    one_message_on_each_replica()
    fetches = cluster.api.token_fetches
    assert fetches == 1  # both replicas (and the earlier tests' messages) used the first token
    cluster.api.expire_all()
    one_message_on_each_replica()
    assert cluster.api.token_fetches == fetches + 1


def test_a_staff_edit_is_answered_by_the_other_replica_within_ten_seconds(cluster):
    path = cluster.data_dir / "faq.yml"
    faq = build_faq(read_yaml(path), str(path))
    question, old = faq.get("tipping").questions["en"][0], faq.get("tipping").answer["en"]
    original = path.read_text(encoding="utf-8")
    a, b = cluster.replicas
    assert old.split(":")[0][:40] in a.reply_text(question, f"before-edit-{next(ids)}")
    try:
        edited = original.replace(old.split(":")[0][:40], "Staff edited this answer on replica A")
        assert edited != original
        path.write_text(edited, encoding="utf-8")  # what a staff edit on machine A writes to the shared folder
        saved = time.monotonic()
        while "Staff edited this answer on replica A" not in b.reply_text(question, f"after-edit-{next(ids)}"):
            assert time.monotonic() - saved < 10, "the edit did not reach replica B within 10 s"
            time.sleep(0.5)
    finally:
        path.write_text(original, encoding="utf-8")


def test_a_page_ingested_on_one_replica_is_answered_by_the_other_within_ten_seconds(cluster, tmp_path):
    from bot.news.index import open_index
    from tests.console_server import qicc
    from tests.test_pages_journal import LANTERNS

    a, b = cluster.replicas
    page = tmp_path / "lanterns.md"
    page.write_text(LANTERNS, encoding="utf-8")
    on_a = {
        **os.environ,
        "QICC_DATABASE_URL": cluster.postgres.url,
        "QICC_DATA_DIR": str(cluster.data_dir),
        "QICC_STATE_DIR": str(a.state_dir),
    }
    question = "Is there a lantern festival at the harbour?"
    assert "Harbour Lantern Night" not in b.reply_text(question, f"before-ingest-{next(ids)}")
    result = qicc(on_a, "pages", "ingest", str(page))  # as staff run it on machine A
    assert result.returncode == 0 and "1 added" in result.stdout, result.stdout + result.stderr
    ingested = time.monotonic()
    while "Harbour Lantern Night" not in b.reply_text(question, f"after-ingest-{next(ids)}"):
        assert time.monotonic() - ingested < 10, "the page did not reach replica B within 10 s"
        time.sleep(0.5)
    index_a = open_index(str(a.state_dir / "news.sqlite3"), cluster.postgres.url)
    [found] = [p for p in index_a.latest(50) if p.title == "Harbour Lantern Night"]
    index_a.remove(found.id)  # the console's Remove on machine A
    removed = time.monotonic()
    while "Harbour Lantern Night" in b.reply_text(question, f"after-remove-{next(ids)}"):
        assert time.monotonic() - removed < 10, "the removal did not reach replica B within 10 s"
        time.sleep(0.5)


def test_replicas_carry_on_after_postgresql_restarts(cluster):
    sender = f"restart-{next(ids)}"
    a, b = cluster.replicas
    assert a.reply_text("what is your phone number", sender)
    cluster.postgres.stop()
    cluster.postgres.start()
    # The first message on each replica after the restart is answered: stale connections are replaced.
    assert b.reply_text("where are you", sender)
    assert a.reply_text("when are you open", sender)
    assert cluster.user_texts(conversation_id("rest", sender)) == [
        "what is your phone number",
        "where are you",
        "when are you open",
    ]


def kill_replica(servers) -> None:
    """As a machine failure would: no chance to finish anything."""
    for process in servers.processes.values():
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_a_replica_killed_during_load_loses_no_message(cluster):
    senders = [f"survivor-{next(ids)}" for _ in range(8)]
    questions = QUESTIONS * 2
    started = threading.Event()

    def visitor(sender):
        replies = []
        for question in questions:
            replies.append(reply_text(ask_with_retry(cluster.balancer, question, sender)))
            started.set()
        return replies

    with ThreadPoolExecutor(len(senders)) as pool:
        futures = [pool.submit(visitor, sender) for sender in senders]
        assert started.wait(120)
        kill_replica(cluster.servers[0])
        answers = [future.result(timeout=600) for future in futures]
    for sender, replies in zip(senders, answers, strict=True):
        assert all(replies), f"{sender} lost an answer: {replies}"
        texts = cluster.user_texts(conversation_id("rest", sender))
        # Every message is stored, in order. A message whose replica died after storing it and before
        # answering is sent again by the client, so it may be stored twice, never lost or reordered.
        # (No two questions in a row are the same, so a repeat next to itself is such a resend.)
        collapsed = [text for i, text in enumerate(texts) if i == 0 or text != texts[i - 1]]
        assert collapsed == questions and len(texts) <= len(questions) + 1, texts
        # The conversation is still usable on the surviving replica.
        assert cluster.replicas[1].reply_text("what is your phone number", sender)  # not via the dead one
