"""The message API client against the fake WeChat API: token fetch, reuse, renewal, error codes."""

from __future__ import annotations

import asyncio

import pytest

from bot.channels.wechat.api import ApiError, AppMessageApi, CustomerServiceApi
from tests.fake_wechat_api import FakeWeChatApi
from tests.wechat_peer import AGENT_ID, APP_ID, APP_SECRET, CORP_ID, WECOM_SECRET

CREDENTIALS = {APP_ID: APP_SECRET, CORP_ID: WECOM_SECRET}


@pytest.fixture
def fake():
    with FakeWeChatApi(CREDENTIALS) as server:
        yield server


def official(fake, tmp_path, secret=APP_SECRET):
    return CustomerServiceApi(fake.base_url, APP_ID, secret, tmp_path / "wechat.sqlite3")


async def send_all(api, texts):
    try:
        await asyncio.gather(*(api.send_text(f"openid-{i}", text) for i, text in enumerate(texts)))
    finally:
        await api.close()


def test_one_token_serves_many_messages(fake, tmp_path):
    api = official(fake, tmp_path)
    asyncio.run(send_all(api, [f"hello {i}" for i in range(20)]))
    assert fake.token_fetches == 1  # 20 concurrent senders, a single refresher
    assert sorted(s.content for s in fake.sent) == sorted(f"hello {i}" for i in range(20))
    assert {s.path for s in fake.sent} == {"/cgi-bin/message/custom/send"}


def test_token_is_shared_through_the_store(fake, tmp_path):
    asyncio.run(send_all(official(fake, tmp_path), ["one"]))
    asyncio.run(send_all(official(fake, tmp_path), ["two"]))  # another process, same state file
    assert fake.token_fetches == 1 and len(fake.sent) == 2


def test_token_is_renewed_before_it_expires(tmp_path):
    with FakeWeChatApi(CREDENTIALS, lifetime=2) as fake:
        api = official(fake, tmp_path)

        async def main():
            await api.send_text("openid", "first")
            await asyncio.sleep(1.2)  # past half its life: renewed before WeChat refuses it
            await api.send_text("openid", "second")
            await api.close()

        asyncio.run(main())
        assert fake.token_fetches == 2 and [s.content for s in fake.sent] == ["first", "second"]


@pytest.mark.parametrize("errcode", [40001, 40014, 42001])
def test_refused_token_is_replaced_once_and_the_message_still_goes(fake, tmp_path, errcode):
    api = official(fake, tmp_path)
    asyncio.run(send_all(api, ["before"]))
    fake.failures.append(errcode)
    asyncio.run(send_all(official(fake, tmp_path), ["after"]))
    assert fake.token_fetches == 2
    assert [s.content for s in fake.sent] == ["before", "after"]


def test_expired_token_on_the_server_side(fake, tmp_path):
    asyncio.run(send_all(official(fake, tmp_path), ["before"]))
    fake.expire_all()  # WeChat expired it early (our clock says it is still good)
    asyncio.run(send_all(official(fake, tmp_path), ["after"]))
    assert fake.token_fetches == 2 and len(fake.sent) == 2


def test_concurrent_refusals_fetch_one_new_token(fake, tmp_path):
    asyncio.run(send_all(official(fake, tmp_path), ["warm-up"]))
    fake.expire_all()
    asyncio.run(send_all(official(fake, tmp_path), [f"m{i}" for i in range(10)]))
    assert fake.token_fetches == 2 and len(fake.sent) == 11


def test_other_errors_are_raised_without_secrets(fake, tmp_path):
    fake.failures.append(45015)  # "response out of time limit": the 48-hour window is over
    with pytest.raises(ApiError) as caught:
        asyncio.run(send_all(official(fake, tmp_path), ["late"]))
    assert caught.value.errcode == 45015
    with pytest.raises(ApiError) as caught:
        asyncio.run(send_all(official(fake, tmp_path / "other", secret="wrong-secret"), ["x"]))
    assert caught.value.errcode == 40125
    assert "wrong-secret" not in str(caught.value) and "TOKEN" not in str(caught.value)


def test_unreachable_api_is_an_api_error(tmp_path):
    api = CustomerServiceApi("http://127.0.0.1:9", APP_ID, APP_SECRET, tmp_path / "wechat.sqlite3")
    with pytest.raises(ApiError) as caught:
        asyncio.run(send_all(api, ["x"]))
    assert "127.0.0.1" not in str(caught.value)


def test_wecom_sends_as_the_app(fake, tmp_path):
    api = AppMessageApi(fake.base_url, CORP_ID, WECOM_SECRET, int(AGENT_ID), tmp_path / "wechat.sqlite3")
    asyncio.run(send_all(api, ["你好"]))
    assert [(s.path, s.agentid, s.content) for s in fake.sent] == [("/cgi-bin/message/send", int(AGENT_ID), "你好")]
