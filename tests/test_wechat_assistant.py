"""WeChat and WeCom through the running assistant, with wechatpy playing WeChat's servers.

wechatpy encrypts a visitor's message, the channel decrypts it and asks the real assistant,
and wechatpy checks and decrypts the reply. A reply slower than the passive budget arrives
through the fake message API instead; either way the visitor must get exactly one answer.
"""

from __future__ import annotations

import sqlite3

from bot.channels.wechat import replies
from tests import wechat_peer as peer
from tests.wechat_peer import answer, ids, post


def user_messages(assistant, sender):
    """How many messages the conversation store holds from ``sender``."""
    with sqlite3.connect(assistant.state_dir / "conversations.sqlite3") as db:
        return db.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ? AND type_name = 'user'", (sender,)
        ).fetchone()[0]


def test_safe_mode_question_gets_the_same_answer_as_on_the_web(assistant, wechat_api, center):
    side = peer.OfficialAccount()
    openid = f"o-test-{next(ids)}"
    xml = peer.text_xml(openid, "what is your phone number", str(next(ids)))
    text = answer(assistant, wechat_api, side, "wechat", side.encrypted(xml), openid)
    assert center.phone in text
    assert text == assistant.reply_text("what is your phone number")


def test_chinese_question(assistant, wechat_api, center):
    side = peer.OfficialAccount()
    openid = f"o-test-{next(ids)}"
    text = answer(
        assistant,
        wechat_api,
        side,
        "wechat",
        side.encrypted(peer.text_xml(openid, "你们的电话是多少", str(next(ids)))),
        openid,
    )
    assert center.phone in text and "电话" in text


def test_retry_is_processed_once_and_answered_once(assistant, wechat_api):
    side = peer.OfficialAccount()
    openid = f"o-test-{next(ids)}"
    xml = peer.text_xml(openid, "hello", str(next(ids)))
    first = answer(assistant, wechat_api, side, "wechat", side.encrypted(xml), openid)
    status, body = post(f"{assistant.base_url}/webhooks/wechat/webhook", *side.encrypted(xml))
    retry = side.open_reply(body)["Content"] if body != b"success" else ""
    # A passive reply is repeated (the first never reached WeChat, or it would not retry); one sent
    # through the API is not sent again.
    assert retry in (first, "")
    assert len([s for s in wechat_api.sent if s.touser == openid]) <= 1
    assert user_messages(assistant, openid) == 1


def test_follow_gets_the_welcome(assistant, wechat_api):
    side = peer.OfficialAccount()
    openid = f"o-test-{next(ids)}"
    status, body = post(
        f"{assistant.base_url}/webhooks/wechat/webhook", *side.encrypted(peer.event_xml(openid, "subscribe"))
    )
    assert status == 200 and side.open_reply(body)["Content"] == replies.bilingual("welcome")
    assert user_messages(assistant, openid) == 0


def test_forged_message_is_refused_and_not_stored(assistant, wechat_api):
    side = peer.OfficialAccount(token="not-our-token")
    openid = f"o-test-{next(ids)}"
    status, _ = post(
        f"{assistant.base_url}/webhooks/wechat/webhook", *side.encrypted(peer.text_xml(openid, "hello", "1"))
    )
    assert status == 403 and user_messages(assistant, openid) == 0


def test_wecom_verification_and_question(assistant, wechat_api, center):
    side = peer.WeCom()
    status, body = post(f"{assistant.base_url}/webhooks/wecom/webhook", side.echostr("1616140317555161061"), None)
    assert (status, body) == (200, b"1616140317555161061")
    user = f"wecom-user-{next(ids)}"
    text = answer(
        assistant,
        wechat_api,
        side,
        "wecom",
        side.encrypted(peer.text_xml(user, "what is your address", str(next(ids)), to=peer.CORP_ID)),
        user,
    )
    assert text == assistant.reply_text("what is your address")
