"""The webhook's protocol with a stand-in assistant: checks, kinds of message, deadline, retries, buttons.

WeChat's side is played by wechatpy (tests/wechat_peer.py); the message API by the fake server.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import time
from dataclasses import replace
from typing import Dict, List

import pytest
import xmltodict

from bot.channels.wechat import replies
from bot.channels.wechat.api import AppMessageApi, CustomerServiceApi
from bot.channels.wechat.choices import SQLChoiceMemory
from bot.channels.wechat.config import ChannelConfig
from bot.channels.wechat.dedup import SQLMessageMemory
from bot.channels.wechat.nonces import SQLNonceMemory
from bot.channels.wechat.webhook import Webhook
from tests.fake_wechat_api import FakeWeChatApi
from tests import wechat_peer as peer

ids = itertools.count(1000)

WECHAT = ChannelConfig(
    kind="wechat",
    token=peer.TOKEN,
    aes_key=peer.AES_KEY,
    previous_aes_key=peer.PREVIOUS_AES_KEY,
    receive_id=peer.APP_ID,
    secret=peer.APP_SECRET,
    api_base="http://127.0.0.1:9",
    budget=0.5,
)
PLAIN = replace(WECHAT, aes_key="", previous_aes_key="")
WECOM = ChannelConfig(
    kind="wecom",
    token=peer.WECOM_TOKEN,
    aes_key=peer.WECOM_AES_KEY,
    previous_aes_key="",
    receive_id=peer.CORP_ID,
    secret=peer.WECOM_SECRET,
    api_base="http://127.0.0.1:9",
    budget=0.5,
    agent_id=peer.AGENT_ID,
)


class StandIn:
    """The assistant: answers "echo: <text>" after ``delay`` seconds, or what ``answers`` says."""

    def __init__(self, delay: float = 0.0):
        self.delay = delay
        self.calls: List[tuple] = []
        self.answers: Dict[str, List[Dict]] = {}

    async def __call__(self, text: str, sender: str, message_id: str) -> List[Dict]:
        self.calls.append((text, sender, message_id))
        await asyncio.sleep(self.delay)
        if text == "crash":
            raise RuntimeError("the assistant failed")
        return self.answers.get(text, [{"text": f"echo: {text}"}])


@pytest.fixture
def fake():
    with FakeWeChatApi({peer.APP_ID: peer.APP_SECRET, peer.CORP_ID: peer.WECOM_SECRET}) as server:
        yield server


def make(config: ChannelConfig, assistant: StandIn, tmp_path, fake=None) -> Webhook:
    state = tmp_path / "wechat.sqlite3"
    api = None
    if fake is not None and config.kind == "wechat":
        api = CustomerServiceApi(fake.base_url, config.receive_id, config.secret, state)
    elif fake is not None:
        api = AppMessageApi(fake.base_url, config.receive_id, config.secret, int(config.agent_id), state)
    return Webhook(config, SQLMessageMemory(state), SQLChoiceMemory(state), api, assistant, SQLNonceMemory(state))


def post(webhook: Webhook, request, drain: bool = True):
    async def main():
        answer = await webhook.receive(*request)
        if drain:
            await webhook.drain()
        if webhook.api is not None:
            await webhook.api.close()
        return answer

    return asyncio.run(main())


def content(answer, side=None) -> str:
    """The text of a passive reply ('' for "success")."""
    assert answer.status == 200, answer
    if answer.body == "success":
        return ""
    fields = side.open_reply(answer.body.encode()) if side else xmltodict.parse(answer.body)["xml"]
    assert fields["MsgType"] == "text"
    return fields["Content"]


# --- signatures and modes ------------------------------------------------------------------------


def test_url_verification_answers_echostr(tmp_path):
    webhook = make(WECHAT, StandIn(), tmp_path)
    timestamp, nonce = peer.fresh()
    query = {
        "signature": peer.signature(peer.TOKEN, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "echostr": "8812345678",
    }
    assert webhook.verify(query).body == "8812345678"
    assert webhook.verify({**query, "signature": "0" * 40}).status == 403


def test_wecom_url_verification_decrypts_echostr(tmp_path):
    webhook = make(WECOM, StandIn(), tmp_path)
    query = peer.WeCom().echostr("5927782489442352469")
    assert webhook.verify(query).body == "5927782489442352469"
    assert webhook.verify({**query, "msg_signature": "0" * 40}).status == 403


def test_plaintext_mode(tmp_path):
    assistant = StandIn()
    answer = post(make(PLAIN, assistant, tmp_path), peer.OfficialAccount().plain(peer.text_xml("o1", "hi & bye", "1")))
    assert content(answer) == "echo: hi & bye"
    assert assistant.calls == [("hi & bye", "o1", "1")]


def test_safe_mode_round_trip_with_wechatpy(tmp_path):
    side = peer.OfficialAccount()
    assistant = StandIn()
    answer = post(make(WECHAT, assistant, tmp_path), side.encrypted(peer.text_xml("o1", "你好", "2")))
    reply = side.open_reply(answer.body.encode())  # wechatpy checks the signature and decrypts
    assert reply["Content"] == "echo: 你好"
    assert (reply["ToUserName"], reply["FromUserName"]) == ("o1", peer.ACCOUNT)
    assert answer.content_type.startswith("application/xml")


def test_reply_encrypted_with_the_key_that_worked_during_rotation(tmp_path):
    old_side = peer.OfficialAccount(aes_key=peer.PREVIOUS_AES_KEY)
    answer = post(make(WECHAT, StandIn(), tmp_path), old_side.encrypted(peer.text_xml("o1", "old key", "3")))
    assert old_side.open_reply(answer.body.encode())["Content"] == "echo: old key"


def test_each_encrypted_reply_has_a_fresh_nonce_and_ciphertext(tmp_path):
    webhook = make(WECHAT, StandIn(), tmp_path)
    side = peer.OfficialAccount()
    bodies = [
        xmltodict.parse(post(webhook, side.encrypted(peer.text_xml("o1", "same", str(next(ids))))).body)["xml"]
        for _ in range(3)
    ]
    assert len({b["Nonce"] for b in bodies}) == 3 and len({b["Encrypt"] for b in bodies}) == 3


def test_wecom_round_trip(tmp_path):
    side = peer.WeCom()
    assistant = StandIn()
    answer = post(
        make(WECOM, assistant, tmp_path), side.encrypted(peer.text_xml("zhangsan", "hello", "4", to=peer.CORP_ID))
    )
    assert content(answer, side) == "echo: hello"
    assert assistant.calls[0][1] == "zhangsan"


def forged_requests():
    side = peer.OfficialAccount()
    xml = peer.text_xml("o1", "hello", "99")
    query, body = side.encrypted(xml)
    good = base64.b64decode(xmltodict.parse(body)["xml"]["Encrypt"])

    def with_encrypt(raw: bytes):
        """A re-signed request around ``raw``: only someone with the token could make it."""
        encrypt = base64.b64encode(raw).decode()
        return (
            {**query, "msg_signature": peer.signature(peer.TOKEN, query["timestamp"], query["nonce"], encrypt)},
            f"<xml><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>".encode(),
        )

    flipped = bytearray(good)
    flipped[len(flipped) // 2] ^= 0x40
    stale = str(int(time.time()) - 3600)
    return {
        "forged signature": ({**query, "signature": "f" * 40}, body),
        "forged msg_signature": ({**query, "msg_signature": "f" * 40}, body),
        "no signature": ({k: v for k, v in query.items() if k != "signature"}, body),
        "wrong AppID": peer.OfficialAccount(app_id="wx_another_app").encrypted(xml),
        "another key": peer.OfficialAccount(aes_key=peer.WECOM_AES_KEY).encrypted(xml),
        "tampered ciphertext": with_encrypt(bytes(flipped)),
        "truncated ciphertext": with_encrypt(good[:-16]),
        "stale timestamp": (
            {**query, "timestamp": stale, "signature": peer.signature(peer.TOKEN, stale, query["nonce"])},
            body,
        ),
        "plaintext in safe mode": side.plain(xml),
        "external entity": side.plain(
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Content>&e;</Content></xml>'
        ),
        "unknown encrypt_type": ({**query, "encrypt_type": "rsa"}, body),
    }


@pytest.mark.parametrize("name", list(forged_requests()))
def test_forged_and_broken_requests_are_refused_and_nothing_processed(name, tmp_path):
    assistant = StandIn()
    answer = post(make(WECHAT, assistant, tmp_path), forged_requests()[name])
    assert 400 <= answer.status < 500, answer
    assert "TOKEN" not in answer.body and answer.body in ("bad request", "forbidden", "too large")
    assert assistant.calls == []


def test_inner_xml_bomb_is_refused(tmp_path):
    """An entity bomb inside a correctly signed and encrypted message (only the token holder could send it)."""
    assistant = StandIn()
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<xml><ToUserName>x</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
        "<MsgType>text</MsgType><Content>&b;</Content><MsgId>5</MsgId></xml>"
    )
    answer = post(make(WECHAT, assistant, tmp_path), peer.OfficialAccount().encrypted(bomb))
    assert answer.status == 400 and assistant.calls == []


def test_unconfigured_channel_answers_503(tmp_path):
    assistant = StandIn()
    webhook = make(replace(WECHAT, token=""), assistant, tmp_path)
    assert post(webhook, peer.OfficialAccount().plain(peer.text_xml("o1", "hi", "6"))).status == 503
    assert webhook.verify({"echostr": "1"}).status == 503
    assert assistant.calls == []
    assert make(replace(WECOM, aes_key=""), assistant, tmp_path).problems  # WeCom needs its key


# --- what each kind of message gets --------------------------------------------------------------


def test_subscribe_gets_the_bilingual_welcome_and_unsubscribe_nothing(tmp_path):
    assistant = StandIn()
    webhook = make(PLAIN, assistant, tmp_path)
    side = peer.OfficialAccount()
    assert content(post(webhook, side.plain(peer.event_xml("o1", "subscribe")))) == replies.bilingual("welcome")
    assert content(post(webhook, side.plain(peer.event_xml("o1", "unsubscribe")))) == ""
    assert assistant.calls == []
    welcome = replies.live_texts().get()["welcome"]
    assert all(part.split("{")[0] in replies.bilingual("welcome") for part in welcome.values())


def test_voice_with_recognition_goes_in_as_text(tmp_path):
    assistant = StandIn()
    extra = "<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[开放时间]]></Recognition>"
    answer = post(
        make(PLAIN, assistant, tmp_path), peer.OfficialAccount().plain(peer.message_xml("o1", "voice", "7", extra))
    )
    assert content(answer) == "echo: 开放时间"


@pytest.mark.parametrize(
    "msg_type, extra",
    [
        ("image", "<PicUrl><![CDATA[http://127.0.0.1/p.jpg]]></PicUrl><MediaId>m</MediaId>"),
        (
            "location",
            "<Location_X>36.06</Location_X><Location_Y>120.38</Location_Y><Scale>15</Scale><Label>Qingdao</Label>",
        ),
        ("voice", "<MediaId>m</MediaId><Format>amr</Format>"),
        ("video", "<MediaId>m</MediaId><ThumbMediaId>t</ThumbMediaId>"),
    ],
)
def test_other_messages_get_the_polite_reply(tmp_path, msg_type, extra, center):
    assistant = StandIn()
    answer = post(
        make(PLAIN, assistant, tmp_path),
        peer.OfficialAccount().plain(peer.message_xml("o1", msg_type, str(next(ids)), extra)),
    )
    text = content(answer)
    assert text == replies.bilingual("unsupported") and center.phone in text
    assert assistant.calls == []


def test_assistant_failure_still_gets_the_error_reply_with_the_phone(tmp_path, center):
    answer = post(make(PLAIN, StandIn(), tmp_path), peer.OfficialAccount().plain(peer.text_xml("o1", "crash", "8")))
    assert center.phone in content(answer)


def test_a_turns_messages_are_merged_and_buttons_numbered(tmp_path):
    assistant = StandIn()
    assistant.answers["menu"] = [
        {"text": "Here is what I can do."},
        {
            "text": "Pick one:",
            "buttons": [
                {"title": "Opening hours", "payload": "/ask_hours"},
                {"title": "Phone", "payload": "/ask_phone"},
            ],
        },
        {"image": "https://example.org/map.png"},
    ]
    webhook = make(PLAIN, assistant, tmp_path)
    side = peer.OfficialAccount()
    text = content(post(webhook, side.plain(peer.text_xml("o1", "menu", "9"))))
    assert text == (
        "Here is what I can do.\n\nPick one:\n\nhttps://example.org/map.png\n\n1. Opening hours\n2. Phone\n"
        + replies.text("choose", "en")
    )
    # Answering with a number (even a full-width one) chooses that button.
    content(post(webhook, side.plain(peer.text_xml("o1", "２", "10"))))
    assert assistant.calls[-1][0] == "/ask_phone"
    # The choices were for that turn only.
    content(post(webhook, side.plain(peer.text_xml("o1", "2", "11"))))
    assert assistant.calls[-1][0] == "2"


# --- the deadline and retries -------------------------------------------------------------------


def test_fast_reply_is_passive_and_nothing_goes_through_the_api(tmp_path, fake):
    webhook = make(WECHAT, StandIn(delay=0.05), tmp_path, fake)
    side = peer.OfficialAccount()
    assert content(post(webhook, side.encrypted(peer.text_xml("o1", "quick", "20"))), side) == "echo: quick"
    assert fake.sent == [] and fake.token_fetches == 0


def test_slow_reply_answers_success_at_once_then_goes_through_the_api(tmp_path, fake):
    webhook = make(WECHAT, StandIn(delay=1.0), tmp_path, fake)
    side = peer.OfficialAccount()

    async def main():
        started = time.monotonic()
        answer = await webhook.receive(*side.encrypted(peer.text_xml("o1", "slow", "21")))
        answered_after = time.monotonic() - started
        assert fake.sent == []  # not yet: the assistant is still thinking
        await webhook.drain()
        await webhook.api.close()
        return answer, answered_after

    answer, answered_after = asyncio.run(main())
    assert answer.body == "success" and answered_after < 0.9  # the budget (0.5 s), not the assistant's second
    assert [(s.touser, s.content) for s in fake.sent] == [("o1", "echo: slow")]


def test_wecom_slow_reply_goes_through_the_app_message_api(tmp_path, fake):
    webhook = make(WECOM, StandIn(delay=1.0), tmp_path, fake)
    answer = post(webhook, peer.WeCom().encrypted(peer.text_xml("lisi", "slow", "22", to=peer.CORP_ID)))
    assert answer.body == "success"
    assert [(s.touser, s.agentid, s.content) for s in fake.sent] == [("lisi", int(peer.AGENT_ID), "echo: slow")]


def test_retries_are_processed_once_and_answered_once(tmp_path, fake):
    """WeChat's three retries of a slow message, arriving while the assistant still works on it."""
    assistant = StandIn(delay=1.5)
    webhook = make(WECHAT, assistant, tmp_path, fake)
    side = peer.OfficialAccount()
    xml = peer.text_xml("o1", "slow", "23")

    async def main():
        answers = [await webhook.receive(*side.encrypted(xml))]
        for _ in range(3):
            answers.append(await webhook.receive(*side.encrypted(xml)))  # new nonce, same MsgId
        await webhook.drain()
        await webhook.api.close()
        return answers

    answers = asyncio.run(main())
    assert [a.body for a in answers] == ["success"] * 4
    assert len(assistant.calls) == 1
    assert [s.content for s in fake.sent] == ["echo: slow"]


def test_retry_after_a_lost_passive_reply_gets_the_same_reply_without_reprocessing(tmp_path):
    assistant = StandIn()
    webhook = make(WECHAT, assistant, tmp_path)
    side = peer.OfficialAccount()
    xml = peer.text_xml("o1", "hello", "24")
    first, retry = post(webhook, side.encrypted(xml)), post(webhook, side.encrypted(xml))
    assert content(first, side) == content(retry, side) == "echo: hello"
    assert len(assistant.calls) == 1


def test_events_are_deduplicated_by_sender_and_time(tmp_path):
    webhook = make(PLAIN, StandIn(), tmp_path)
    side = peer.OfficialAccount()
    at = int(time.time())
    first = content(post(webhook, side.plain(peer.event_xml("o1", "subscribe", at))))
    assert first and content(post(webhook, side.plain(peer.event_xml("o1", "subscribe", at)))) == first
    assert content(post(webhook, side.plain(peer.event_xml("o2", "subscribe", at)))) == first  # another visitor


def test_reply_still_sent_when_wechat_hangs_up_early(tmp_path, fake):
    webhook = make(WECHAT, StandIn(delay=0.3), tmp_path, fake)
    side = peer.OfficialAccount()

    async def main():
        request = asyncio.ensure_future(webhook.receive(*side.encrypted(peer.text_xml("o1", "bye", "30"))))
        await asyncio.sleep(0.1)
        request.cancel()  # the HTTP connection closed before the answer
        await asyncio.gather(request, return_exceptions=True)
        await webhook.drain()
        await webhook.api.close()

    asyncio.run(main())
    assert [s.content for s in fake.sent] == ["echo: bye"]
