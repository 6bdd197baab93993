"""The handoff's rules: who answers a visitor's message, and what the visitor is told at each step.

    assistant ──asks for a person──> waiting ──staff take──> active ──staff end / "back"──> assistant
                                       │  └──"back"──> assistant (cancelled)
                     nobody can answer │ no one took it in time
                                       v
                                    message ──question (and, on the web, a contact)──> assistant (message left)

While a conversation is waiting, with a person, or taking a message, the channels bring its messages here
instead of to the assistant (bot/channels/handoff.py), so a message is answered by one party only. Texts
for the visitor come from data/center.yml's replies, in the language the visitor asked for a person in.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, List, Optional

from bot.center import hours
from bot.center.facts import Center, current_center
from bot.center.answers import handoff_answer, reply
from bot.handoff.contact import contact_in
from bot.language import HAN
from bot.handoff.store import Handoff, Handoffs, handoff_store
from bot.settings import settings

# Channels whose visitors can be answered later in the same chat (the customer-service message API); on the
# others (the web chat, REST) a visitor who leaves a message also leaves a way to reply.
CHAT_CHANNELS = ("wechat", "wecom")
# A message of at most this many words (Chinese: characters) that contains an end phrase is one ("ok, bye!");
# a longer one is a question that happens to contain it.
SHORT_WORDS, SHORT_HAN = 6, 12
MESSAGE_MINUTES = 30  # a message offer left unanswered this long lapses: the assistant answers again


@dataclass(frozen=True)
class Routing:
    """What becomes of a visitor's message: the assistant answers it, or the desk does (``replies``)."""

    to_assistant: bool
    replies: List[str] = field(default_factory=list)


ASSISTANT = Routing(True)


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


def wants_assistant(center: Center, text: str) -> bool:
    """Does the visitor ask to come back to the assistant (data/center.yml's handoff_end_words)?"""
    said = _normal(text)
    short = len(said.split()) <= SHORT_WORDS and len(HAN.findall(said)) <= SHORT_HAN
    for phrase in (_normal(p) for words in center.end_words.values() for p in words):
        if said == phrase:
            return True
        # Chinese is written without spaces, so a phrase is found inside a word; English only as whole words.
        inside = phrase in said if not phrase.isascii() else re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", said)
        if short and inside:
            return True
    return False


class Desk:
    def __init__(self, store: Optional[Handoffs] = None, center: Callable[[], Center] = current_center):
        self.store = store or handoff_store()
        self.center = center

    # --- The visitor asks for a person ----------------------------------------------------------------

    def ask_for_person(self, conversation: str, channel: str, language: str, now: Optional[datetime] = None) -> str:
        """Queue the conversation for staff when someone can answer now; otherwise offer to take a message."""
        center = self.center()
        now = now or hours.now_in(center)
        if hours.status_at(center, now).open and self.store.available_staff():
            self.store.open(conversation, channel, language, "waiting")
            minutes = max(1, math.ceil(self.store.typical_wait() / 60))
            return reply(center, "handoff_queued", language, minutes=str(minutes))
        self.store.open(conversation, channel, language, "message")
        return f"{handoff_answer(center, language, now)} {self._offer(center, channel, language)}"

    def _offer(self, center: Center, channel: str, language: str) -> str:
        return reply(center, "message_offer_chat" if channel in CHAT_CHANNELS else "message_offer_web", language)

    # --- A message from a visitor ---------------------------------------------------------------------

    def incoming(self, conversation: str, text: str) -> Routing:
        handoff = self.store.open_for(conversation)
        if handoff is None:
            return ASSISTANT
        center = self.center()
        if wants_assistant(center, text):
            self.store.close(handoff.id, "answered" if handoff.state == "active" else handoff.outcome or "cancelled")
            return Routing(False, [reply(center, "handoff_back", handoff.language)])
        if handoff.state == "message":
            return self._take_message(center, handoff, text)
        self.store.add(handoff.id, "visitor", text)  # staff read it in the console; the assistant keeps quiet
        return Routing(False)

    def _take_message(self, center: Center, handoff: Handoff, text: str) -> Routing:
        self.store.add(handoff.id, "visitor", text)
        if handoff.channel in CHAT_CHANNELS:
            self.store.close(handoff.id, "message_left")
            return Routing(False, [reply(center, "message_taken_chat", handoff.language)])
        contact = contact_in(" ".join(m.text for m in self.store.messages(handoff.id) if m.author == "visitor"))
        if contact is None:
            return Routing(False, [reply(center, "message_need_contact", handoff.language)])
        self.store.close(handoff.id, "message_left", contact=contact)
        return Routing(False, [reply(center, "message_taken_web", handoff.language, contact=contact)])

    # --- Staff and the clock --------------------------------------------------------------------------

    def take(self, handoff_id: int, staff: str) -> bool:
        """A staff member takes a waiting visitor (the first of two at once wins) and the visitor is told who."""
        if not self.store.take(handoff_id, staff):
            return False
        handoff = self.store.get(handoff_id)
        if handoff is not None:
            self.store.add(handoff_id, "assistant", reply(self.center(), "handoff_taken", handoff.language, name=staff))
        return True

    def end(self, handoff_id: int) -> bool:
        """A staff member ended the conversation: the assistant takes over and says so."""
        handoff = self.store.get(handoff_id)
        if handoff is None or handoff.state != "active":
            return False
        # The text first: a page asking for texts while the talk is open must find it when the talk closes.
        self.store.add(handoff_id, "assistant", reply(self.center(), "handoff_back", handoff.language))
        return self.store.close(handoff_id, "answered")

    def time_out(self, minutes: Optional[float] = None) -> List[Handoff]:
        """Visitors nobody took within ``minutes``: apologise, give the phone number, offer to take a message."""
        center, timed_out = self.center(), []
        for lapsed in self.store.older_than("message", MESSAGE_MINUTES):
            self.store.close(lapsed.id, lapsed.outcome or "cancelled")
        for handoff in self.store.older_than(
            "waiting", settings().handoff_wait_minutes if minutes is None else minutes
        ):
            if self.store.take_message(handoff.id):  # one server wins, the others see it moved
                text = (
                    f"{reply(center, 'handoff_timeout', handoff.language)} "
                    f"{self._offer(center, handoff.channel, handoff.language)}"
                )
                self.store.add(handoff.id, "assistant", text)
                timed_out.append(handoff)
        return timed_out
