"""action_fallback and action_pages: a message no other answer fits.

The best fitting page of the center's site answers it (with the page as the source); else a wording close to
one FAQ question is answered (an entry added since the last training is found this way), a less certain one
gets the closest related questions as buttons; otherwise the honest reply with the phone number. Every message
that is not answered is recorded for `qicc faq unanswered`; the second such reply in a row offers to talk to a
person.
"""

from __future__ import annotations

import logging
from typing import Dict, List

from bot.center.facts import Center, current_center
from bot.center.answers import reply

from bot.faq.answers import decide
from bot.faq.content import current_faq
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError

from bot.trust.arithmetic import asks_arithmetic

from actions.base import Turn, VisitorAction
from actions.faq import record_unanswered, respond
from actions.pages import say_best_page

log = logging.getLogger(__name__)


class ActionFallback(VisitorAction):
    """What the assistant can do, and the phone number, for a message it did not understand."""

    action_name = "action_fallback"

    def answer(self, turn: Turn) -> None:
        if asks_arithmetic(turn.text):  # no page or FAQ entry answers a sum, whatever words they share
            say_honestly(turn)
            return
        if say_best_page(turn):
            return
        try:
            answered = respond(turn, decide(current_faq(), turn.text))
        except ContentError:  # no good FAQ file yet: the center's fallback still helps the visitor
            log.exception("the FAQ could not be used for a fallback")
            answered = False
        if not answered:
            say_honestly(turn)


def say_honestly(turn: Turn) -> None:
    """The honest reply with the phone number; the question goes to the unanswered list for staff."""
    center = current_center()
    turn.say(reply(center, "fallback", turn.language), buttons=_person_button(turn, center))
    record_unanswered(turn, "fallback")


def _person_button(turn: Turn, center: Center) -> List[Dict[str, str]]:
    """After the second honest "I don't know" in a row, a button to talk to a person (bot/handoff/)."""
    earlier = next((e.get("text") for e in reversed(turn.tracker.events) if e.get("event") == "bot"), None)
    if earlier not in {reply(center, "fallback", language) for language in LANGUAGES}:
        return []
    return [{"title": reply(center, "talk_to_person", turn.language), "payload": "/human_handoff"}]


class ActionPages(ActionFallback):
    """A question about a section of the site (hotels, food, festivals, policies...): the same path, which
    starts with the best fitting page; honestly nothing when none fits."""

    action_name = "action_pages"
