"""The per-address message limit counts the visitor's address: behind a trusted proxy the one Sanic reads from
X-Forwarded-For (SANIC_PROXIES_COUNT), and never an address a client merely claims."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from bot.channels.rest import RestInput
from tests.wechat_channel_server import ChannelServer


async def answer(message) -> None:
    await message.output_channel.send_text_message(message.sender_id, "hello")


def status_of(server, sender: str, forwarded_for: str) -> int:
    request = urllib.request.Request(
        server.url,
        data=json.dumps({"sender": sender, "message": "hi"}).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": forwarded_for},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def two_per_address(monkeypatch, tmp_path):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path))
    monkeypatch.setenv("QICC_RATE_PER_ADDRESS", "2")  # a burst of one
    monkeypatch.setenv("QICC_RATE_PER_SENDER", "0")


def test_behind_a_trusted_proxy_each_visitor_has_their_own_address(two_per_address, monkeypatch):
    monkeypatch.setenv("SANIC_PROXIES_COUNT", "1")
    with ChannelServer(RestInput(), answer) as server:
        assert status_of(server, "a", "203.0.113.5") == 200
        assert status_of(server, "b", "203.0.113.5") == 429  # the same visitor's address, another sender id
        assert status_of(server, "c", "203.0.113.6") == 200  # another visitor behind the same proxy


def test_without_a_trusted_proxy_a_claimed_address_is_ignored(two_per_address):
    with ChannelServer(RestInput(), answer) as server:
        assert status_of(server, "a", "203.0.113.5") == 200
        assert status_of(server, "b", "203.0.113.6") == 429  # both from 127.0.0.1, whatever they claim
