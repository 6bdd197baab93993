"""The handoff over WeChat, through the running assistant with the fake WeChat API: a follower who asks for a
person gets staff's texts as customer-service messages, once each; a text WeChat refuses (the 48-hour window)
is marked failed with why, for the staff member, and not sent again; a message left with nobody there is
answered from the console the same way."""

from __future__ import annotations

import time
from typing import Callable, List, TypeVar

from bot.center.answers import reply
from bot.channels.wechat.api import OUTSIDE_WINDOW, ApiError, CustomerServiceApi
from bot.handoff.store import Handoff, Message
from tests import wechat_peer as peer
from tests.console_server import Console, csrf_of
from tests.fake_wechat_api import SCRIPTED

T = TypeVar("T")


def until(condition: Callable[[], T], timeout: float = 20) -> T:
    """``condition()`` once it is true, polled; a failure if it is not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"still not so after {timeout} s"
        time.sleep(0.05)
    return value


class Follower:
    """A follower of the Official Account writing to the assistant (WeChat's side played by wechatpy)."""

    def __init__(self, assistant, api) -> None:
        self.assistant, self.api = assistant, api
        self.openid = f"o-handoff-{next(peer.ids)}"
        self.side = peer.OfficialAccount()

    def _request(self, text: str):
        return self.side.encrypted(peer.text_xml(self.openid, text, str(next(peer.ids))))

    def ask(self, text: str) -> str:
        """The answer the follower sees: the passive reply, or a message through the API."""
        return peer.answer(self.assistant, self.api, self.side, "wechat", self._request(text), self.openid)

    def write(self, text: str) -> bytes:
        """The webhook's HTTP answer: ``success`` when there is nothing to say."""
        status, body = peer.post(f"{self.assistant.base_url}/webhooks/wechat/webhook", *self._request(text))
        assert status == 200, body
        return body

    def received(self) -> List[str]:
        """The customer-service messages the API got for this follower, in order."""
        return [s.content for s in self.api.sent if s.touser == self.openid and s.path == CustomerServiceApi.send_path]


def queued_for_staff(center, handoffs, staff: str, follower: Follower) -> Handoff:
    """The follower asks for a person and is told one will answer; ``staff`` take the conversation."""
    queued = follower.ask("我想找人工客服")
    # The reply up to the typical wait, which depends on the handoffs before this one.
    assert queued.startswith(reply(center, "handoff_queued", "zh", minutes="{m}").split("{m}")[0]), queued
    handoff = handoffs.open_for(follower.openid)
    assert handoff is not None and (handoff.channel, handoff.state) == ("wechat", "waiting")
    assert handoffs.take(handoff.id, staff)
    return handoff


def settled(handoffs, handoff: Handoff, message_id: int) -> Callable[[], "Message | None"]:
    """The text ``message_id`` once its delivery ended (delivered or failed)."""

    def look() -> "Message | None":
        message = next(m for m in handoffs.messages(handoff.id) if m.id == message_id)
        return message if message.state in ("delivered", "failed") else None

    return look


def test_a_staff_text_reaches_the_follower_once_as_a_customer_service_message(
    assistant, wechat_api, handoffs, staff_on_duty, center
):
    follower = Follower(assistant, wechat_api)
    handoff = queued_for_staff(center, handoffs, staff_on_duty, follower)
    before = len(follower.received())  # the queued reply, if it was too slow to be passive
    question = "我的签证下个月到期，怎么续签？"
    assert follower.write(question) == b"success"  # the assistant keeps quiet
    assert [(m.author, m.text) for m in handoffs.messages(handoff.id)] == [("visitor", question)]

    text = "您好，请带护照到出入境管理局办理，我把地址发给您。"
    sent = handoffs.add(handoff.id, "staff", text, staff=staff_on_duty)
    assert until(settled(handoffs, handoff, sent)).state == "delivered"
    assert follower.received()[before:] == [text]  # and nothing from the assistant

    assert follower.ask("回到助手") == reply(center, "handoff_back", "zh")
    assert follower.received().count(text) == 1  # not sent again meanwhile


def test_a_text_wechat_refuses_is_marked_failed_with_why_and_not_sent_again(
    assistant, wechat_api, handoffs, staff_on_duty, center
):
    follower = Follower(assistant, wechat_api)
    handoff = queued_for_staff(center, handoffs, staff_on_duty, follower)
    before = len(follower.received())

    wechat_api.failures.append(OUTSIDE_WINDOW)  # WeChat answers the next send with 45015
    refused = handoffs.add(handoff.id, "staff", "您的材料已收到。", staff=staff_on_duty)
    failed = until(settled(handoffs, handoff, refused))
    assert (failed.state, failed.error) == ("failed", ApiError(OUTSIDE_WINDOW, SCRIPTED).why)
    assert wechat_api.failures == []  # tried once

    # A later text goes out: the delivery round that sends it would also have tried the refused one again.
    later = handoffs.add(handoff.id, "staff", "还有其他问题吗？", staff=staff_on_duty)
    assert until(settled(handoffs, handoff, later)).state == "delivered"
    assert follower.received()[before:] == ["还有其他问题吗？"]
    assert settled(handoffs, handoff, refused)() == failed
    assert follower.ask("回到助手") == reply(center, "handoff_back", "zh")


def test_a_left_message_is_answered_from_the_console_through_the_api(
    assistant, wechat_api, handoffs, nobody_on_duty, live_console, center
):
    follower = Follower(assistant, wechat_api)
    assert reply(center, "message_offer_chat", "zh") in follower.ask("我想找人工客服")
    assert follower.ask("下周六可以带孩子来参观吗？") == reply(center, "message_taken_chat", "zh")
    (left,) = [h for h in handoffs.left_messages() if h.conversation == follower.openid]

    staff = Console(live_console, assistant.data_dir, {}).login("ada")
    page = staff.get(f"{live_console}/visitors")
    assert f'href="/staff/visitors/{left.id}"' in page.text  # within the 48-hour window: answer in the chat
    text = "可以的，周六上午十点到下午五点开放，欢迎光临。"
    staff.post(f"{live_console}/visitors/{left.id}/send", data={"text": text, "csrf_token": csrf_of(page.text)})
    until(lambda: text in follower.received())
    assert follower.received().count(text) == 1
    assert handoffs.get(left.id).answered_at is not None
