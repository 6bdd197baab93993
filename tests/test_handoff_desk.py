"""The handoff's rules without servers: who answers a message, what the visitor is told, exactly once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from dateutil import tz

from bot.center.facts import Center, live_center
from bot.center.answers import reply
from bot.database import _engine
from bot.handoff.contact import contact_in
from bot.handoff.desk import Desk, wants_assistant
from bot.handoff.store import PRESENCE_SECONDS, Handoffs

SHANGHAI = tz.gettz("Asia/Shanghai")
FRIDAY_MORNING = datetime(2026, 11, 27, 10, 30, tzinfo=SHANGHAI)
SATURDAY = datetime(2026, 11, 28, 10, 30, tzinfo=SHANGHAI)


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> Handoffs:
    return Handoffs(_engine(f"sqlite:///{tmp_path / 'handoff.sqlite3'}"), clock=clock)


@pytest.fixture
def center() -> Center:
    return live_center().get()


@pytest.fixture
def desk(store: Handoffs, center: Center) -> Desk:
    return Desk(store, center=lambda: center)


def test_with_staff_available_when_open_the_visitor_is_queued_and_the_assistant_goes_quiet(desk, store, center):
    store.seen("li", available=True)
    said = desk.ask_for_person("socketio:a", "socketio", "en", FRIDAY_MORNING)
    assert said == reply(center, "handoff_queued", "en", minutes="2")
    routing = desk.incoming("socketio:a", "Where can I renew my visa?")
    assert routing.to_assistant is False and routing.replies == []
    (handoff,) = store.in_state("waiting")
    assert [m.text for m in store.messages(handoff.id)] == ["Where can I renew my visa?"]


def test_without_anyone_available_the_visitor_gets_the_phone_and_a_message_offer(desk, store, center):
    store.seen("li", available=False)
    said = desk.ask_for_person("socketio:a", "socketio", "zh", FRIDAY_MORNING)
    assert center.phone in said and reply(center, "message_offer_web", "zh") in said
    assert store.in_state("waiting") == [] and len(store.in_state("message")) == 1


def test_a_staff_member_whose_page_went_quiet_is_not_counted(desk, store, clock):
    store.seen("li", available=True)
    clock.now += PRESENCE_SECONDS + 1
    desk.ask_for_person("socketio:a", "socketio", "en", FRIDAY_MORNING)
    assert store.in_state("waiting") == []


def test_when_closed_nobody_is_offered_even_with_staff_signed_in(desk, store, center):
    store.seen("li", available=True)
    said = desk.ask_for_person("wechat:o1", "wechat", "en", SATURDAY)
    assert reply(center, "message_offer_chat", "en") in said
    assert store.in_state("waiting") == []


def test_only_one_staff_member_can_take_a_visitor(desk, store, center):
    store.seen("li", available=True)
    desk.ask_for_person("socketio:a", "socketio", "en", FRIDAY_MORNING)
    (handoff,) = store.in_state("waiting")
    assert desk.take(handoff.id, "li") is True
    assert desk.take(handoff.id, "wang") is False
    assert store.get(handoff.id).staff == "li"
    # The visitor is told once who answers them.
    assert [(m.author, m.text) for m in store.messages(handoff.id)] == [
        ("assistant", reply(center, "handoff_taken", "en", name="li"))
    ]


def test_staff_replies_are_delivered_once_whoever_asks(desk, store):
    store.seen("li", available=True)
    desk.ask_for_person("socketio:a", "socketio", "en", FRIDAY_MORNING)
    (handoff,) = store.in_state("waiting")
    store.take(handoff.id, "li")
    store.add(handoff.id, "staff", "Hello, I can help.", staff="li")
    (first,) = store.undelivered(["socketio"])
    assert first.message.text == "Hello, I can help." and first.conversation == "socketio:a"
    assert store.claim(first) is True
    assert store.claim(first) is False  # a second server that saw it too does not send it again
    assert store.undelivered(["socketio"]) == []
    store.delivered(first.message.id)
    assert store.messages(handoff.id)[-1].state == "delivered"


def test_a_text_claimed_by_a_server_that_stopped_goes_out_later(store, clock):
    handoff = store.open("wechat:o1", "wechat", "en", "waiting")
    store.add(handoff.id, "staff", "Hello", staff="li")
    (delivery,) = store.undelivered(["wechat"])
    store.claim(delivery)  # ... and the server stops before sending
    clock.now += 61
    (again,) = store.undelivered([], conversation="wechat:o1")
    assert store.claim(again) is True
    assert store.claim(again) is False  # a second server taking it over at the same moment does not send it too


def test_back_to_the_assistant_ends_it_and_says_so(desk, store, center):
    store.seen("li", available=True)
    desk.ask_for_person("socketio:a", "socketio", "en", FRIDAY_MORNING)
    (handoff,) = store.in_state("waiting")
    store.take(handoff.id, "li")
    routing = desk.incoming("socketio:a", "OK, back to the assistant please")
    assert routing.replies == [reply(center, "handoff_back", "en")]
    assert store.get(handoff.id).outcome == "answered"
    assert desk.incoming("socketio:a", "when are you open?").to_assistant is True


def test_staff_ending_it_tells_the_visitor_the_assistant_is_back(desk, store, center):
    store.seen("li", available=True)
    desk.ask_for_person("wechat:o1", "wechat", "zh", FRIDAY_MORNING)
    (handoff,) = store.in_state("waiting")
    store.take(handoff.id, "li")
    assert desk.end(handoff.id) is True and desk.end(handoff.id) is False
    (delivery,) = store.undelivered(["wechat"])
    assert delivery.message.text == reply(center, "handoff_back", "zh")


def test_no_one_taking_it_in_time_apologises_and_offers_a_message(desk, store, clock, center):
    store.seen("li", available=True)
    desk.ask_for_person("socketio:a", "socketio", "en", FRIDAY_MORNING)
    assert desk.time_out(minutes=5) == []
    clock.now += 5 * 60 + 1
    assert len(desk.time_out(minutes=5)) == 1
    assert desk.time_out(minutes=5) == []  # another server's sweep finds nothing left
    (delivery,) = store.undelivered(["socketio"])
    assert center.phone in delivery.message.text
    assert reply(center, "message_offer_web", "en") in delivery.message.text
    # The visitor leaves a message, then the way to reply.
    assert desk.incoming("socketio:a", "Can I bring my dog to the center?").replies == [
        reply(center, "message_need_contact", "en")
    ]
    routing = desk.incoming("socketio:a", "anna@example.com")
    assert routing.replies == [reply(center, "message_taken_web", "en", contact="anna@example.com")]
    (left,) = store.left_messages()
    assert left.contact == "anna@example.com"
    assert [m.text for m in store.messages(left.id) if m.author == "visitor"] == [
        "Can I bring my dog to the center?",
        "anna@example.com",
    ]
    assert store.outcomes(since=0)["message_left"] == 1


def test_on_wechat_the_message_itself_is_enough(desk, store, center):
    desk.ask_for_person("wechat:o1", "wechat", "zh", SATURDAY)
    routing = desk.incoming("wechat:o1", "我想办理居住证，需要什么材料？")
    assert routing.replies == [reply(center, "message_taken_chat", "zh")]
    assert store.left_messages()[0].contact == ""


def test_a_message_offer_lapses_so_the_assistant_answers_again(desk, store, clock):
    desk.ask_for_person("socketio:a", "socketio", "en", SATURDAY)
    clock.now += 31 * 60
    desk.time_out()
    assert desk.incoming("socketio:a", "when are you open?").to_assistant is True


@pytest.mark.parametrize(
    "text", ["bye", "Bye!", "back to the assistant", "ok thanks, bye", "回到助手", "好的，再见", "取消"]
)
def test_end_phrases_in_both_languages(center, text):
    assert wants_assistant(center, text)


@pytest.mark.parametrize(
    "text",
    [
        "Can you stop by the visa office and ask them for me whether my papers are ready?",
        "byelaws of the free trade zone",
        "我想问一下机器人展览什么时候开始，在哪里可以买票呢",
    ],
)
def test_questions_that_merely_contain_an_end_word_go_to_the_person(center, text):
    assert not wants_assistant(center, text)


@pytest.mark.parametrize(
    "text, contact",
    [
        ("write to Anna.Li@Example.com please", "Anna.Li@example.com"),
        ("my number is 138 0013 8000", "+86 138 0013 8000"),
        ("电话：13800138000，谢谢", "+86 138 0013 8000"),
        ("call +44 20 7946 0958", "+44 20 7946 0958"),
    ],
)
def test_contacts_are_found_and_written_the_standard_way(text, contact):
    assert contact_in(text) == contact


@pytest.mark.parametrize("text", ["anna@", "my number is 12345", "see you at 9:00 on 2026-12-03", "no contact"])
def test_no_contact_is_invented(text):
    assert contact_in(text) is None
