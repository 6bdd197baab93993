"""Robustness of the running assistant: fuzzed input, a retry storm, a killed action server, a restarted
Rasa server.

Starts this assistant (as `qicc run` does, on free ports of 127.0.0.1, with the WeChat test account and
the fake WeChat API of the tests) and plays every kind of bad client against it:

1. --messages fuzzed requests (default 10,000, at most --seconds of sending) spread over REST, socket.io
   and the WeChat webhook: random Unicode, control characters, huge and empty messages, malformed JSON
   and XML, missing senders, wrong signatures, bad timestamps and replays. Counted: server errors (5xx,
   dropped connections), valid requests left without a reply, and each server's memory before and after.
2. A retry storm: one WeChat message (one MsgId) posted 50 times at once. Counted: how often the
   assistant processed it and how many answers went out (passive replies and API sends).
3. The action server killed (SIGKILL) in the middle of a load: how many visitors got a reply (an apology
   with the phone number while it is down), and how long the supervisor took to bring it back.
4. The Rasa server killed, and a conversation continued after the supervisor restarted it.

Nothing leaves 127.0.0.1. Everything is bounded: --messages, --seconds and fixed counts elsewhere.

    .venv/bin/python -m bench.robustness [--messages 10000] [--seconds 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sqlite3
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import aiohttp
import socketio
from tqdm import tqdm

from bench.assistants import environment, rss_mb, this_assistant
from bench.report import standalone
from bot.center.facts import current_center
from bot.language import HAN
from bot.limits import MAX_BODY_BYTES, MAX_MESSAGE_CHARS
from bot.processes.model import ensure_model
from bot.processes.servers import START_TIMEOUT, answers
from tests import wechat_peer as peer
from tests.fake_wechat_api import FakeWeChatApi

WORKERS = 8  # requests in flight at once
SOCKET_CLIENTS = 2  # socket.io visitors, each reconnecting every few messages
STORM = 50  # copies of one WeChat message, posted at once
KILL_LOAD = 40  # messages sent while the action server is killed
REQUEST_TIMEOUT = 60


@dataclass
class Tally:
    sent: Counter = field(default_factory=Counter)  # channel -> requests
    statuses: Counter = field(default_factory=Counter)  # "channel status" -> count
    server_errors: List[str] = field(default_factory=list)
    unanswered: List[str] = field(default_factory=list)  # valid requests without a reply
    wechat_later: int = 0  # valid WeChat messages answered "success": their reply follows through the API

    def note(self, channel: str, status: object) -> None:
        self.sent[channel] += 1
        self.statuses[f"{channel} {status}"] += 1


# --- what a bad client sends --------------------------------------------------------------------

RANGES = [
    (0x20, 0x7E),
    (0x00, 0x1F),
    (0x80, 0x9F),
    (0x4E00, 0x9FFF),
    (0x1F300, 0x1F6FF),
    (0x202A, 0x202E),
    (0x0600, 0x06FF),
    (0xE000, 0xF8FF),
    (0xFFF0, 0xFFFF),
]


def random_text(rng: random.Random, longest: int = 120) -> str:
    length = rng.choice([0, 1, 3, rng.randint(1, longest)])
    chars = []
    for _ in range(length):
        low, high = rng.choice(RANGES)
        chars.append(chr(rng.randint(low, high)))
    return "".join(chars)


def rest_case(rng: random.Random, number: int) -> Tuple[str, bytes, bool]:
    """(what, body, valid): a valid request must get a reply."""
    kind = rng.choice(
        ["text", "text", "text", "question", "long", "huge", "json", "no sender", "bad sender", "not text", "array"]
    )
    sender = f"fuzz-{number}"
    if kind == "text":
        return kind, json.dumps({"sender": sender, "message": random_text(rng)}).encode(), True
    if kind == "question":
        text = rng.choice(["what's your phone number", "你们几点开门", "news about the port", "where are you"])
        return kind, json.dumps({"sender": sender, "message": text}).encode(), True
    if kind == "long":
        return kind, json.dumps({"sender": sender, "message": "x" * (MAX_MESSAGE_CHARS + 1)}).encode(), True
    if kind == "huge":
        return kind, json.dumps({"sender": sender, "message": "y" * (MAX_BODY_BYTES + 10)}).encode(), False
    if kind == "json":
        return kind, rng.choice([b"{", b'{"sender": ', b"\xff\xfe", b"", b"[[[[[[[[", b"nul\x00l"]), False
    if kind == "no sender":
        return kind, json.dumps({"message": "hello"}).encode(), False
    if kind == "bad sender":
        return kind, json.dumps({"sender": random_text(rng, 80) + " ", "message": "hello"}).encode(), False
    if kind == "not text":
        return kind, json.dumps({"sender": sender, "message": rng.choice([None, 7, [], {}])}).encode(), False
    return kind, json.dumps([sender, "hello"]).encode(), False


def wechat_case(rng: random.Random, number: int, side: peer.OfficialAccount) -> Tuple[str, Dict, bytes, bool]:
    """(what, query, body, valid)."""
    openid = f"oFuzz{number % 500}"
    # WeChat sends well-formed XML: characters XML 1.0 forbids never appear in a valid message.
    text = "".join(c for c in random_text(rng) if c in "\t\n" or (ord(c) >= 0x20 and c not in "\ufffe\uffff"))
    xml = peer.text_xml(openid, text.replace("]]>", "") or "hi", f"{number}{rng.randint(0, 10**6)}")  # in CDATA
    kind = rng.choice(["valid", "valid", "bad signature", "bad xml", "stale", "digits", "plaintext", "empty"])
    query, body = side.encrypted(xml)
    if kind == "valid":
        return kind, query, body, True
    if kind == "bad signature":
        return kind, {**query, "msg_signature": "%040x" % rng.getrandbits(160)}, body, False
    if kind == "bad xml":
        return kind, query, rng.choice([b"<xml><Encrypt>", b"<!DOCTYPE x [<!ENTITY a 'a'>]><xml/>", b"\x00"]), False
    if kind == "stale":
        stale = str(int(time.time()) - 3600)
        return (
            kind,
            {**query, "timestamp": stale, "signature": peer.signature(peer.TOKEN, stale, query["nonce"])},
            body,
            False,
        )
    if kind == "digits":
        return kind, {**query, "timestamp": rng.choice(["١٢٣", "9" * 5000, "²"])}, body, False
    if kind == "plaintext":
        plain_query, plain_body = side.plain(xml)
        return kind, plain_query, plain_body, False
    return kind, query, b"", False


# --- playing them -------------------------------------------------------------------------------


async def fuzz(base: str, count: int, seconds: float, seed: int, tally: Tally) -> None:
    rng = random.Random(seed)
    side = peer.OfficialAccount()
    deadline = time.monotonic() + seconds
    numbers = iter(range(count))
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)
    with tqdm(total=count, desc="fuzzed requests", unit="req") as progress:
        async with aiohttp.ClientSession(timeout=timeout) as session:

            async def worker() -> None:
                for number in numbers:
                    if time.monotonic() > deadline:
                        return
                    if number % 3 == 2:
                        await wechat_request(session, base, rng, number, side, tally)
                    else:
                        await rest_request(session, base, rng, number, tally)
                    progress.update(1)

            async def socket_visitor(index: int) -> None:
                while time.monotonic() < deadline and sum(tally.sent.values()) < count:
                    await socket_session(base, rng, index, tally)
                    progress.update(5)

            await asyncio.gather(
                *(worker() for _ in range(WORKERS)), *(socket_visitor(i) for i in range(SOCKET_CLIENTS))
            )


async def _post(session, channel: str, kind: str, url: str, tally: Tally, **request) -> Optional[Tuple[int, bytes]]:
    """(status, body) of one request, counted; None (and a server error) when no answer came."""
    try:
        async with session.post(url, **request) as response:
            status, answer = response.status, await response.read()
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        tally.note(channel, "no answer")
        tally.server_errors.append(f"{channel} {kind}: {type(error).__name__}")
        return None
    tally.note(channel, status)
    if status >= 500:
        tally.server_errors.append(f"{channel} {kind}: HTTP {status}")
    return status, answer


async def rest_request(session, base: str, rng: random.Random, number: int, tally: Tally) -> None:
    kind, body, valid = rest_case(rng, number)
    answered = await _post(
        session,
        "rest",
        kind,
        f"{base}/webhooks/rest/webhook",
        tally,
        data=body,
        headers={"Content-Type": "application/json"},
    )
    if answered and answered[0] < 500 and valid and not _texts(answered[1]):
        tally.unanswered.append(f"rest {kind}: HTTP {answered[0]} {answered[1][:80]!r}")


def _texts(answer: bytes) -> List[str]:
    try:
        replies = json.loads(answer)
    except ValueError:
        return []
    return (
        [r.get("text") for r in replies if isinstance(r, dict) and (r.get("text") or "").strip()]
        if isinstance(replies, list)
        else []
    )


async def wechat_request(session, base: str, rng: random.Random, number: int, side, tally: Tally) -> None:
    kind, query, body, valid = wechat_case(rng, number, side)
    answered = await _post(session, "wechat", kind, f"{base}/webhooks/wechat/webhook", tally, params=query, data=body)
    if not answered or answered[0] >= 500 or not valid:
        return
    status, answer = answered
    if status != 200 or not answer:
        tally.unanswered.append(f"wechat {kind}: HTTP {status}")
    elif answer == b"success":
        tally.wechat_later += 1  # the reply follows through the (fake) message API: counted at the end


async def socket_session(base: str, rng: random.Random, index: int, tally: Tally) -> None:
    client = socketio.AsyncClient(reconnection=False)
    confirmed, replies = asyncio.Queue(), asyncio.Queue()
    client.on("session_confirm", confirmed.put)
    client.on("bot_uttered", replies.put)
    try:
        await client.connect(base, transports=["websocket"], socketio_path="/socket.io")
        await client.emit("session_request", {"session_id": rng.choice([None, "forged", "a" * 32 + "." + "b" * 32])})
        await asyncio.wait_for(confirmed.get(), 10)
        for _ in range(5):
            text = rng.choice([random_text(rng), "x" * (MAX_MESSAGE_CHARS + 1), "what are your opening hours"])
            await client.emit("user_uttered", {"message": text})
            tally.note("socketio", "sent")
            try:
                await asyncio.wait_for(replies.get(), REQUEST_TIMEOUT)
                await asyncio.sleep(0.3)  # the rest of a turn's messages
                while not replies.empty():
                    replies.get_nowait()
            except asyncio.TimeoutError:
                tally.unanswered.append("socketio: no bot_uttered")
    except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as error:
        tally.server_errors.append(f"socketio: {type(error).__name__}")
    finally:
        await client.disconnect()


async def retry_storm(base: str, side) -> Tuple[int, int]:
    """(passive replies, HTTP errors) of one message posted STORM times at once."""
    msg_id = str(random.getrandbits(60))
    xml = peer.text_xml("oStorm", "what's your phone number", msg_id)
    async with aiohttp.ClientSession() as session:

        async def post() -> Tuple[int, bytes]:
            query, body = side.encrypted(xml)
            async with session.post(f"{base}/webhooks/wechat/webhook", params=query, data=body) as response:
                return response.status, await response.read()

        answers = await asyncio.gather(*(post() for _ in range(STORM)))
    passive = sum(1 for status, body in answers if status == 200 and body != b"success")
    return passive, sum(1 for status, _ in answers if status != 200)


async def visitors(base: str, count: int, prefix: str) -> List[str]:
    """``count`` visitors asking for the phone number (4 at a time); their replies' text."""
    texts: List[str] = []
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as session:

        async def one(number: int) -> None:
            payload = {"sender": f"{prefix}-{number}", "message": "what's your phone number"}
            try:
                async with session.post(f"{base}/webhooks/rest/webhook", json=payload) as response:
                    texts.append(" ".join(_texts(await response.read())))
            except (aiohttp.ClientError, asyncio.TimeoutError):
                texts.append("")

        for start in range(0, count, 4):
            await asyncio.gather(*(one(n) for n in range(start, min(start + 4, count))))
    return texts


def rest_say(base: str, sender: str, text: str) -> str:
    return " ".join(asyncio.run(_say(base, sender, text)))


async def _say(base: str, sender: str, text: str) -> List[str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT)) as session:
        async with session.post(f"{base}/webhooks/rest/webhook", json={"sender": sender, "message": text}) as response:
            return _texts(await response.read())


def wait_until(condition, timeout: float) -> Optional[float]:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if condition():
            return time.monotonic() - started
        time.sleep(0.5)
    return None


def memory(servers) -> Dict[str, float]:
    return {name: round(rss_mb(process.pid), 1) for name, process in servers.processes.items()}


def kill(servers, name: str) -> int:
    pid = servers.processes[name].pid
    os.killpg(pid, signal.SIGKILL)
    return pid


def run(args: argparse.Namespace) -> Dict:
    model = ensure_model()
    phone = current_center().phone
    figures: Dict = {}
    with (
        tempfile.TemporaryDirectory(prefix="qicc-robustness-") as folder,
        FakeWeChatApi({peer.APP_ID: peer.APP_SECRET, peer.CORP_ID: peer.WECOM_SECRET}) as fake,
        environment(peer.channel_env(fake.base_url)),
        this_assistant(model, Path(folder) / "state") as running,
    ):
        servers = running.servers
        base = f"http://127.0.0.1:{servers.config.rasa_port}"
        stop = threading.Event()
        supervisor = threading.Thread(target=servers.supervise, kwargs={"until": stop.is_set}, daemon=True)
        supervisor.start()
        try:
            figures["memory_before_mb"] = memory(servers)
            tally = Tally()
            started = time.monotonic()
            asyncio.run(fuzz(base, args.messages, args.seconds, args.seed, tally))
            figures["fuzz"] = {
                "requests": sum(tally.sent.values()),
                "seconds": round(time.monotonic() - started, 1),
                "by_channel": dict(tally.sent),
                "statuses": dict(sorted(tally.statuses.items())),
                "server_errors": len(tally.server_errors),
                "examples": tally.server_errors[:5],
                "valid_without_reply": len(tally.unanswered),
                "unanswered": tally.unanswered[:5],
            }
            figures["memory_after_mb"] = memory(servers)
            time.sleep(5)  # replies slower than WeChat's budget are on their way through the API
            figures["fuzz"]["wechat_answered_later"] = tally.wechat_later
            figures["fuzz"]["wechat_api_sends"] = len(fake.sent)

            sent_before = len(fake.sent)
            passive, errors = asyncio.run(retry_storm(base, peer.OfficialAccount()))
            time.sleep(6)  # a reply slower than the budget would go through the API by now
            storm_sends = sum(1 for s in fake.sent[sent_before:] if s.touser == "oStorm")
            figures["retry_storm"] = {
                "copies": STORM,
                "passive_replies": passive,
                "api_sends": storm_sends,
                "http_errors": errors,
                "processed": _user_events(servers, "oStorm"),
            }

            figures["action_server_killed"] = kill_action_server(servers, base, phone)
            figures["rasa_server_restarted"] = restart_rasa_server(servers, base, phone)
        finally:
            stop.set()
            supervisor.join(5)
    report(figures)
    return figures


def kill_action_server(servers, base: str, phone: str) -> Dict:
    async def load_with_kill() -> List[str]:
        task = asyncio.ensure_future(visitors(base, KILL_LOAD, "kill"))
        await asyncio.sleep(1.0)
        kill(servers, "action server")
        return await task

    killed_at = time.monotonic()
    texts = asyncio.run(load_with_kill())
    health = f"http://127.0.0.1:{servers.config.actions_port}/health"
    back = wait_until(lambda: answers(health), 180)
    return {
        "visitors": len(texts),
        "with_a_reply": sum(1 for t in texts if t.strip()),
        "with_the_phone": sum(1 for t in texts if phone in t),
        "back_after_s": round(time.monotonic() - killed_at, 1) if back is not None else None,
        "answers_after": phone in rest_say(base, "after-kill", "what's your phone number"),
    }


def restart_rasa_server(servers, base: str, phone: str) -> Dict:
    sender = f"restart-{random.getrandbits(32)}"
    rest_say(base, sender, "please speak Chinese")
    killed_at = time.monotonic()
    kill(servers, "Rasa server")
    time.sleep(1)
    back = wait_until(lambda: answers(f"{base}/webhooks/rest/"), START_TIMEOUT)
    reply = rest_say(base, sender, "what's your phone number?") if back is not None else ""
    return {
        "back_after_s": round(time.monotonic() - killed_at, 1) if back is not None else None,
        "conversation_continued_in_chinese": phone in reply and bool(HAN.search(reply)),
    }


def _user_events(servers, sender: str) -> int:
    with sqlite3.connect(servers.config.state_dir / "conversations.sqlite3") as db:
        return db.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
        ).fetchone()[0]


def report(figures: Dict) -> None:
    fuzz_figures = figures["fuzz"]
    print(
        f"\nFuzzed requests: {fuzz_figures['requests']} in {fuzz_figures['seconds']} s "
        f"({', '.join(f'{k} {v}' for k, v in fuzz_figures['by_channel'].items())})"
    )
    print(
        f"  server errors: {fuzz_figures['server_errors']}  valid requests without a reply: "
        f"{fuzz_figures['valid_without_reply']}"
    )
    for line in fuzz_figures["examples"] + fuzz_figures["unanswered"]:
        print(f"    {line}")
    print(
        f"  WeChat replies sent later through the API: {fuzz_figures['wechat_api_sends']} "
        f"(for {fuzz_figures['wechat_answered_later']} messages answered 'success' at once)"
    )
    print(f"  statuses: {fuzz_figures['statuses']}")
    print(f"  memory (MB) before: {figures['memory_before_mb']}  after: {figures['memory_after_mb']}")
    storm = figures["retry_storm"]
    print(
        f"Retry storm: {storm['copies']} copies of one MsgId -> processed {storm['processed']} time(s), "
        f"{storm['passive_replies']} passive replies + {storm['api_sends']} API sends, "
        f"{storm['http_errors']} HTTP errors"
    )
    killed = figures["action_server_killed"]
    print(
        f"Action server killed under load: {killed['with_a_reply']}/{killed['visitors']} visitors got a reply, "
        f"{killed['with_the_phone']} with the phone number; back after {killed['back_after_s']} s; "
        f"answers afterwards: {killed['answers_after']}"
    )
    restarted = figures["rasa_server_restarted"]
    print(
        f"Rasa server killed: back after {restarted['back_after_s']} s; conversation continued "
        f"(still in Chinese): {restarted['conversation_continued_in_chinese']}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--messages", type=int, default=10_000, help="fuzzed requests in all (default 10000)")
    parser.add_argument("--seconds", type=float, default=300, help="stop sending fuzz after this long (default 300)")
    parser.add_argument("--seed", type=int, default=14, help="random seed of the fuzz (default 14)")


def main(argv: Optional[List[str]] = None) -> int:
    return standalone("python -m bench.robustness", __doc__, add_arguments, run, argv)


if __name__ == "__main__":
    raise SystemExit(main())
