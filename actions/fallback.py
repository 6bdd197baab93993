"""action_fallback: for a message the model did not understand, the FAQ's closest answer or questions.

A wording close to one FAQ question is answered (an entry added since the last training is
found this way); a less certain one gets the closest questions as buttons; otherwise the
center's fallback reply with the phone number. Every message that is not answered is
recorded for `qicc faq unanswered`.
"""
from __future__ import annotations

import logging

from bot.faq.answers import decide
from bot.faq.content import current_faq
from bot.yamlfile import ContentError

from actions.base import Turn, VisitorAction
from actions.faq import record_unanswered, respond

log = logging.getLogger(__name__)


class ActionFallback(VisitorAction):
    """What the assistant can do, and the phone number, for a message it did not understand."""

    action_name = "action_fallback"

    def answer(self, turn: Turn) -> None:
        try:
            answered = respond(turn, decide(current_faq(), turn.text))
        except ContentError:  # no good FAQ file yet: the center's fallback still helps the visitor
            log.exception("the FAQ could not be used for a fallback")
            answered = False
        if not answered:
            turn.center_reply("fallback")
            record_unanswered(turn, "fallback")
