"""The handoff through the running assistant (REST channel): asked for a person, the assistant goes quiet,
staff's texts reach the visitor, "back to the assistant" brings it back; with nobody there, a message is left."""
from __future__ import annotations

from bot.center_replies import reply


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


def test_with_nobody_there_a_message_is_left_with_a_contact(assistant, handoffs, center):
    sender = assistant.new_sender()
    offered = assistant.reply_text("转人工", sender)
    assert center.phone in offered and reply(center, "message_offer_web", "zh") in offered
    assert assistant.reply_text("我可以带狗去中心吗？", sender) == reply(center, "message_need_contact", "zh")
    taken = assistant.reply_text("我的电话是 13800138000", sender)
    assert taken == reply(center, "message_taken_web", "zh", contact="+86 138 0013 8000")
    left = [h for h in handoffs.left_messages() if h.conversation == f"rest:{sender}"]
    assert len(left) == 1 and left[0].contact == "+86 138 0013 8000"
