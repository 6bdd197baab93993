"""The WeChat and WeCom channels against bad timestamps, replays, other apps and a failing message API."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace

import pytest

from bot.channels.wechat import api as api_module
from bot.channels.wechat.api import ApiError, CustomerServiceApi
from bot.channels.wechat.config import wechat_config
from tests import wechat_peer as peer
from tests.fake_wechat_api import FakeWeChatApi
from tests.test_wechat_webhook import PLAIN, WECHAT, WECOM, StandIn, content, make, post


@pytest.fixture
def fake():
    with FakeWeChatApi({peer.APP_ID: peer.APP_SECRET, peer.CORP_ID: peer.WECOM_SECRET}) as server:
        yield server


@pytest.mark.parametrize("stamp", ["١٧٦٤٥٤٤٠٠٠", "²", "9" * 5000, "1" * 11, "-1", " 1764544000", ""])
def test_a_timestamp_that_is_not_up_to_ten_ascii_digits_is_a_bad_request(tmp_path, stamp):
    webhook, assistant = make(WECHAT, StandIn(), tmp_path), StandIn()
    query = {"signature": peer.signature(peer.TOKEN, stamp, "1"), "timestamp": stamp, "nonce": "1", "echostr": "e"}
    assert webhook.verify(query).status == 400
    assert post(webhook, (query, b"<xml/>")).status == 400 and assistant.calls == []


def test_plaintext_mode_refuses_a_signed_url_used_again_with_another_body(tmp_path):
    assistant = StandIn()
    webhook = make(PLAIN, assistant, tmp_path)
    query, body = peer.OfficialAccount().plain(peer.text_xml("o1", "hello", "31"))
    assert content(post(webhook, (query, body))) == "echo: hello"
    assert content(post(webhook, (query, body))) == "echo: hello"  # WeChat's own retry: the same answer
    forged = peer.text_xml("o2", "forged", "32")
    assert post(webhook, (query, forged.encode())).status == 403
    assert assistant.calls == [("hello", "o1", "31")]


def test_a_wecom_message_for_another_app_is_refused(tmp_path):
    assistant = StandIn()
    answer = post(
        make(replace(WECOM, agent_id="1000099"), assistant, tmp_path),
        peer.WeCom().encrypted(peer.text_xml("lisi", "hello", "33", to=peer.CORP_ID)),
    )
    assert answer.status == 403 and assistant.calls == []


def official(fake, tmp_path):
    return CustomerServiceApi(fake.base_url, peer.APP_ID, peer.APP_SECRET, tmp_path / "wechat.sqlite3")


async def send(api, text="hello"):
    try:
        await api.send_text("o1", text)
    finally:
        await api.close()


def test_system_busy_is_tried_again_and_the_message_goes(fake, tmp_path, monkeypatch):
    monkeypatch.setattr(api_module, "RETRY_PAUSES", (0.01, 0.01))
    fake.failures.extend([-1, -1])
    asyncio.run(send(official(fake, tmp_path)))
    assert [s.content for s in fake.sent] == ["hello"]


def test_a_non_numeric_errcode_is_an_api_error(fake, tmp_path, monkeypatch):
    monkeypatch.setattr(api_module, "RETRY_PAUSES", (0.01, 0.01))
    fake.failures.extend(["oops"] * 3)
    with pytest.raises(ApiError) as caught:
        asyncio.run(send(official(fake, tmp_path)))
    assert "oops" in str(caught.value)


def test_an_api_that_does_not_answer_in_time_is_an_api_error(tmp_path, monkeypatch):
    monkeypatch.setattr(api_module, "RETRY_PAUSES", (0.01, 0.01))
    monkeypatch.setattr(api_module, "TIMEOUT", api_module.aiohttp.ClientTimeout(total=0.2))
    with FakeWeChatApi({peer.APP_ID: peer.APP_SECRET}) as slow:
        slow.token_delay = 1
        with pytest.raises(ApiError):
            asyncio.run(send(official(slow, tmp_path)))


@pytest.mark.parametrize("errcode, why", [(45015, "more than 48 hours ago"), (45047, "quota")])
def test_a_slow_reply_that_wechat_refuses_is_reported_with_the_reason(fake, tmp_path, caplog, errcode, why):
    webhook = make(WECHAT, StandIn(delay=1.0), tmp_path, fake)
    fake.failures.append(errcode)
    with caplog.at_level(logging.ERROR):
        assert post(webhook, peer.OfficialAccount().encrypted(peer.text_xml("o1", "slow", "34"))).body == "success"
    assert f"errcode {errcode}" in caplog.text and why in caplog.text


def test_check_refuses_a_plain_http_api_and_warns_about_plaintext_mode_and_a_short_token(monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("QICC_WECHAT_TOKEN", "short")
    monkeypatch.delenv("QICC_WECHAT_AES_KEY", raising=False)
    monkeypatch.setenv("QICC_WECHAT_API_BASE", "http://api.weixin.qq.com")
    assert "QICC_WECHAT_API_BASE must be an https:// address" in " ".join(wechat_config().check())
    assert main(["wechat", "check"]) == 1
    out = capsys.readouterr().out
    assert "warning: plaintext mode" in out and "TOKEN has 5 characters" in out
    monkeypatch.setenv("QICC_WECHAT_API_BASE", "http://127.0.0.1:8080")  # a stand-in on this machine
    assert not wechat_config().check()
