"""The handoff through the running assistant (REST channel): asked for a person, the assistant goes quiet,
staff's texts reach the visitor, "back to the assistant" brings it back; with nobody there, a message is left."""
from __future__ import annotations

import pytest

from bot.center_replies import reply
from bot.database import _engine
from bot.handoff.store import Handoffs


@pytest.fixture
def store(assistant) -> Handoffs:
    return Handoffs(_engine(f"sqlite:///{assistant.state_dir / 'handoff.sqlite3'}"))


def test_a_person_answers_in_the_chat_and_hands_back(assistant, store, center):
    store.seen("li", available=True)
    try:
        sender = assistant.new_sender()
        queued = assistant.reply_text("I want to talk to a person", sender)
        assert queued.startswith(reply(center, "handoff_queued", "en", minutes="2")[:30])
        assert assistant.ask("Where do I renew my visa?", sender) == []  # the assistant keeps quiet
        (handoff,) = [h for h in store.in_state("waiting") if h.conversation == f"rest:{sender}"]
        assert [m.text for m in store.messages(handoff.id)] == ["Where do I renew my visa?"]
        assert store.take(handoff.id, "li")
        store.add(handoff.id, "staff", "At the exit-entry office; I will send you the address.", staff="li")
        assert assistant.reply_text("thank you", sender) == "At the exit-entry office; I will send you the address."
        assert assistant.reply_text("back to the assistant", sender) == reply(center, "handoff_back", "en")
        assert center.phone in assistant.reply_text("what is your phone number?", sender)
        assert store.get(handoff.id).outcome == "answered"
    finally:
        store.away("li")


def test_with_nobody_there_a_message_is_left_with_a_contact(assistant, store, center):
    sender = assistant.new_sender()
    offered = assistant.reply_text("转人工", sender)
    assert center.phone in offered and reply(center, "message_offer_web", "zh") in offered
    assert assistant.reply_text("我可以带狗去中心吗？", sender) == reply(center, "message_need_contact", "zh")
    taken = assistant.reply_text("我的电话是 13800138000", sender)
    assert taken == reply(center, "message_taken_web", "zh", contact="+86 138 0013 8000")
    left = [h for h in store.left_messages() if h.conversation == f"rest:{sender}"]
    assert len(left) == 1 and left[0].contact == "+86 138 0013 8000"
