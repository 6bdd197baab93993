"""What every visitor-facing action shares: the visitor's language and a reply that never fails.

An action subclasses VisitorAction and implements ``answer``; the base class works out the
language, sets the language slot, and turns any error into a friendly reply with the phone
number (and a log entry for the operator) instead of an empty or missing answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.center.facts import current_center
from bot.center.answers import reply
from bot.language import detect
from bot.content.texts import DEFAULT_LANGUAGE

from actions.routing import ACTIONS, fitting_answer

log = logging.getLogger(__name__)

LAST_RESORT = "Sorry, something went wrong. Please call the center. 抱歉，系统出错，请致电中心。"


def visitor_language(tracker: Tracker) -> str:
    """The language asked for, else the one of this message, else the one of the last message."""
    text = tracker.latest_message.get("text") or ""
    # A button's payload ("/ask_phone") says nothing about the visitor's language.
    written = None if text.startswith("/") else detect(text)
    return tracker.get_slot("language_preference") or written or tracker.get_slot("language") or DEFAULT_LANGUAGE


@dataclass
class Turn:
    """The message being answered, in the shape the actions need it."""

    text: str
    language: str
    tracker: Tracker
    dispatcher: CollectingDispatcher
    events: List[EventType] = field(default_factory=list)

    @property
    def from_button(self) -> bool:
        """A button's payload ("/ask_phone") names its intent itself: there are no words to check."""
        return self.text.startswith("/")

    def say(self, text: str, buttons: Optional[List[Dict[str, Any]]] = None, **extra: Any) -> None:
        self.dispatcher.utter_message(text=text, buttons=buttons or [], **extra)

    def center_reply(self, key: str, **values: str) -> None:
        self.say(reply(current_center(), key, self.language, **values))


class VisitorAction(Action):
    action_name: Text = ""
    # Whether the message's words must fit this action's answer (bot.trust) before it gives it; off for
    # actions that answer no question.
    checked: bool = True

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.action_name:
            ACTIONS[cls.action_name] = cls

    def name(self) -> Text:
        return self.action_name

    def answer(self, turn: Turn) -> None:
        raise NotImplementedError

    def respond(self, turn: Turn) -> None:
        answerer = self if not self.checked or turn.from_button else fitting_answer(turn, self)
        answerer.answer(turn)

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        turn = Turn(tracker.latest_message.get("text") or "", visitor_language(tracker), tracker, dispatcher)
        try:
            self.respond(turn)
        except Exception:  # a visitor always gets an answer; the operator gets the traceback
            log.exception("%s failed", self.name())
            dispatcher.messages.clear()
            turn.events.clear()
            dispatcher.utter_message(text=_error_text(turn.language))
        # Set only when it changes: an event on every turn would make each conversation longer to store,
        # send to this server and replay.
        changed = turn.language != tracker.get_slot("language")
        return [*([SlotSet("language", turn.language)] if changed else []), *turn.events]


def _error_text(language: str) -> str:
    try:
        return reply(current_center(), "error", language)
    except Exception:  # the center file itself is unreadable and has never loaded
        log.exception("no center file to build the error reply from")
        return LAST_RESORT


class CenterReply(VisitorAction):
    """An action that says one reply of data/center.yml."""

    reply_key: Text = ""

    def answer(self, turn: Turn) -> None:
        turn.center_reply(self.reply_key)
