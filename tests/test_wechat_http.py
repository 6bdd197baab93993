"""The channel's Sanic routes over HTTP (as Rasa mounts them), with a stand-in for Rasa's agent."""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import replace
from typing import List

import pytest

from bot.channels.wechat.channel import WeChatInput, WeComInput
from bot.channels.wechat.config import wechat_config
from bot.channels.wechat.xmlparse import MAX_BODY
from tests import wechat_peer as peer
from tests.test_wechat_webhook import WECHAT, WECOM
from tests.wechat_channel_server import ChannelServer


class Agent:
    """Stands in for Rasa's agent: answers each message through its output channel, as Rasa does."""

    def __init__(self):
        self.messages: List = []

    async def __call__(self, message) -> None:
        self.messages.append(message)
        await message.output_channel.send_response(message.sender_id, {"text": f"echo: {message.text}"})


def request(url, query, body=None, method=None, headers=None):
    full = url + "?" + urllib.parse.urlencode(query)
    req = urllib.request.Request(
        full,
        data=body,
        method=method or ("POST" if body is not None else "GET"),
        headers=headers or {"Content-Type": "text/xml"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, response.read(), response.headers.get("Content-Type", "")
    except urllib.error.HTTPError as error:
        return error.code, error.read(), ""


@pytest.fixture
def wechat(tmp_path):
    agent = Agent()
    with ChannelServer(WeChatInput(WECHAT, tmp_path / "wechat.sqlite3"), agent) as server:
        yield server, agent


def test_encrypted_message_round_trip_over_http(wechat):
    server, agent = wechat
    side = peer.OfficialAccount()
    status, body, content_type = request(server.url, *side.encrypted(peer.text_xml("o1", "hello", "1")))
    assert status == 200 and content_type.startswith("application/xml")
    assert side.open_reply(body)["Content"] == "echo: hello"
    assert [(m.text, m.sender_id, m.input_channel, m.message_id) for m in agent.messages] == [
        ("hello", "o1", "wechat", "1")
    ]


def test_url_verification_over_http(wechat):
    server, _ = wechat
    timestamp, nonce = peer.fresh()
    query = {
        "signature": peer.signature(peer.TOKEN, timestamp, nonce),
        "timestamp": timestamp,
        "nonce": nonce,
        "echostr": "1234567890",
    }
    assert request(server.url, query)[:2] == (200, b"1234567890")
    assert request(server.url, {**query, "signature": "0" * 40})[0] == 403


def test_oversized_body_is_refused_by_its_declared_length(wechat):
    server, agent = wechat
    query, _ = peer.OfficialAccount().encrypted(peer.text_xml("o1", "x", "2"))
    status, _, _ = request(server.url, query, b"<xml>" + b"a" * (MAX_BODY + 1) + b"</xml>")
    assert status == 413 and agent.messages == []


def test_oversized_chunked_body_is_refused_while_streaming(wechat):
    server, agent = wechat
    query, _ = peer.OfficialAccount().encrypted(peer.text_xml("o1", "x", "3"))
    path = server.url.split(str(server.port), 1)[1] + "?" + urllib.parse.urlencode(query)
    # Chunks (no Content-Length) just past the limit, and no end: a client that kept sending after the 413
    # could meet a reset instead of the answer, which would test the kernel, not the refusal.
    chunk = b"a" * 8192
    body = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(MAX_BODY // len(chunk) + 1))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/xml\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
            + body
        )
        status_line = connection.makefile("rb").readline()
    assert status_line.split()[1] == b"413" and agent.messages == []


def test_unconfigured_channel_starts_and_answers_503(tmp_path, caplog):
    agent = Agent()
    with ChannelServer(WeChatInput(replace(WECHAT, token=""), tmp_path / "s.sqlite3"), agent) as server:
        status, body, _ = request(server.url, *peer.OfficialAccount().plain(peer.text_xml("o1", "x", "4")))
    assert status == 503 and agent.messages == []
    assert "QICC_WECHAT_TOKEN is not set" in caplog.text


def test_from_credentials_reads_the_environment(monkeypatch):
    monkeypatch.setenv("QICC_WECHAT_TOKEN", "from-env")
    monkeypatch.setenv("QICC_WECHAT_REPLY_BUDGET", "9")  # capped: WeChat waits 5 s
    channel = WeChatInput.from_credentials(None)
    assert channel.config == wechat_config() and channel.config.token == "from-env"
    assert channel.config.budget <= 4.5


def test_wecom_over_http(tmp_path):
    agent = Agent()
    side = peer.WeCom()
    with ChannelServer(WeComInput(WECOM, tmp_path / "wecom.sqlite3"), agent) as server:
        assert request(server.url, side.echostr("echo-123"))[:2] == (200, b"echo-123")
        status, body, _ = request(server.url, *side.encrypted(peer.text_xml("wangwu", "hi", "5", to=peer.CORP_ID)))
    assert status == 200 and side.open_reply(body)["Content"] == "echo: hi"
