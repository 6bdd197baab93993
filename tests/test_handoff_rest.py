"""The handoff through the running assistant (REST channel): asked for a person, the assistant goes quiet,
staff's texts reach the visitor, "back to the assistant" brings it back; with nobody there, a message is left."""

from __future__ import annotations

import json
import urllib.request

import pytest

from bot.center.answers import reply


def test_a_person_answers_in_the_chat_and_hands_back(assistant, handoffs, staff_on_duty, center):
    sender = assistant.new_sender()
    queued = assistant.reply_text("I want to talk to a person", sender)
    assert queued.startswith(reply(center, "handoff_queued", "en", minutes="2")[:30])
    assert assistant.ask("Where do I renew my visa?", sender) == []  # the assistant keeps quiet
    (handoff,) = [h for h in handoffs.in_state("waiting") if h.conversation == f"rest:{sender}"]
    assert [m.text for m in handoffs.messages(handoff.id)] == ["Where do I renew my visa?"]
    assert handoffs.take(handoff.id, staff_on_duty)
    handoffs.add(handoff.id, "staff", "At the exit-entry office; I will send you the address.", staff=staff_on_duty)
    assert assistant.reply_text("thank you", sender) == "At the exit-entry office; I will send you the address."
    assert assistant.reply_text("back to the assistant", sender) == reply(center, "handoff_back", "en")
    assert center.phone in assistant.reply_text("what is your phone number?", sender)
    assert handoffs.get(handoff.id).outcome == "answered"


def test_with_nobody_there_a_message_is_left_with_a_contact(assistant, handoffs, center, nobody_on_duty):
    sender = assistant.new_sender()
    offered = assistant.reply_text("转人工", sender)
    assert center.phone in offered and reply(center, "message_offer_web", "zh") in offered
    assert assistant.reply_text("我可以带狗去中心吗？", sender) == reply(center, "message_need_contact", "zh")
    taken = assistant.reply_text("我的电话是 13800138000", sender)
    assert taken == reply(center, "message_taken_web", "zh", contact="+86 138 0013 8000")
    left = [h for h in handoffs.left_messages() if h.conversation == f"rest:{sender}"]
    assert len(left) == 1 and left[0].contact == "+86 138 0013 8000"


# Wordings of no training example (data/nlu/core.yml), in both languages.
@pytest.mark.parametrize(
    "wording, language",
    [
        ("Could I chat with one of your staff, please?", "en"),
        ("I would rather talk to a real human", "en"),
        ("is anybody from the office there to help me?", "en"),
        ("我想跟你们的工作人员直接聊", "zh"),
        ("可以转接人工客服吗", "zh"),
        ("请帮我找一位真人客服", "zh"),
    ],
)
def test_asking_for_a_person_in_other_words(assistant, center, wording, language, nobody_on_duty):
    sender = assistant.new_sender()
    offered = assistant.reply_text(wording, sender)
    assert center.phone in offered and reply(center, "message_offer_web", language) in offered
    assert assistant.reply_text("back to the assistant" if language == "en" else "回到助手", sender) == reply(
        center, "handoff_back", language
    )


def server_events(assistant, sender, wanted):
    """The chat page's event stream for ``sender``: (event, data) pairs, read until ``wanted`` came or
    the stream said the handoff ended."""
    url = f"{assistant.base_url}/webhooks/rest/events?sender={sender}"
    got, name = [], "message"
    with urllib.request.urlopen(url, timeout=30) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        for raw in stream:
            line = raw.decode().rstrip("\n")
            if line.startswith("event: "):
                name = line[len("event: ") :]
            elif line.startswith("data: "):
                got.append((name, json.loads(line[len("data: ") :])))
                name = "message"
            if len(got) == wanted or (got and got[-1][0] == "ended"):
                return got
    return got


def test_a_staff_text_is_pushed_once_and_only_to_its_visitor(assistant, handoffs, staff_on_duty):
    sender, other = assistant.new_sender(), assistant.new_sender()
    assistant.reply_text("I want to talk to a person", sender)
    handoff = handoffs.open_for(f"rest:{sender}")
    assert handoffs.take(handoff.id, staff_on_duty)
    handoffs.add(handoff.id, "staff", "Only for you.", staff=staff_on_duty)
    assert server_events(assistant, other, 1) == [("ended", {})]  # nothing for another visitor
    assert "Only for you." not in assistant.reply_text("hello", other)
    assert server_events(assistant, sender, 1) == [("message", {"recipient_id": sender, "text": "Only for you."})]
    assistant.reply_text("back to the assistant", sender)
    assert server_events(assistant, sender, 1) == [("ended", {})]  # delivered once
