"""action_faq: the answer to a FAQ question, always read from the live data/faq.yml.

The trained ResponseSelector names the entry (faq/<id>); the action checks it against the
live file and the runtime matcher (bot.faq.answers.decide), so that an edited answer is used
at once and an entry added since the last training is answered too.
"""

from __future__ import annotations

import logging
import sqlite3

from bot.center.facts import current_center
from bot.faq import answers
from bot.faq.answers import Outcome
from bot.faq.content import current_faq
from bot.faq.unanswered import unanswered_log
from bot.faq.content import Entry
from bot.trust.content import live_fit_words
from bot.trust.emergency import asks_emergency
from bot.trust.fit import check, coverage, related
from bot.trust.words import words
from bot.training.faq import RETRIEVAL_INTENT
from bot.trust.vocabulary import current_vocabulary

from actions.base import Turn, VisitorAction
from actions.routing import selected_entry

log = logging.getLogger(__name__)


def record_unanswered(turn: Turn, outcome: str) -> None:
    """Note the message for `qicc faq unanswered`; the sender only as a hash."""
    try:
        unanswered_log().record(
            turn.text, turn.language, turn.tracker.get_latest_input_channel() or "", turn.tracker.sender_id, outcome
        )
    except (sqlite3.Error, OSError):  # the visitor still gets the reply; the operator gets the cause
        log.exception("could not record an unanswered message in %s", "the unanswered-question log")


def about_emergency(entry: Entry) -> bool:
    """An entry whose every question asks for the emergency numbers: their reply says what it would."""
    fit = live_fit_words().get()
    return all(asks_emergency(fit, question) for _, question in entry.all_questions())


def respond(turn: Turn, outcome: Outcome) -> bool:
    """Say the answer or the "did you mean" buttons; False when there is nothing to say."""
    faq = current_faq()
    if outcome.entry:
        turn.say(answers.answer_text(outcome.entry, current_center(), turn.language))
        return True
    vocabulary = current_vocabulary()
    suggestions = [m for m in outcome.suggestions if related(vocabulary, turn.text, m.question)]
    if suggestions:
        turn.say(
            answers.did_you_mean(faq, turn.language), buttons=answers.suggestion_buttons(suggestions, turn.language)
        )
        record_unanswered(turn, "suggested")
        return True
    return False


def outcome_of(turn: Turn) -> Outcome:
    """The entry answering the message, or the questions to suggest."""
    selected, confidence = selected_entry(turn.tracker.latest_message)
    vocabulary, faq = current_vocabulary(), current_faq()

    def fits(entry: Entry) -> bool:
        """No other entry is about more of the visitor's words."""
        covered = coverage(vocabulary, faq, turn.text)
        return covered[entry.id] >= max(covered.values(), default=0)

    words_fit = check(vocabulary, RETRIEVAL_INTENT, words(turn.text)).fits
    return answers.decide(faq, turn.text, selected, confidence, fits, words_fit)


class ActionFaq(VisitorAction):
    action_name = "action_faq"

    def answer(self, turn: Turn) -> None:
        if not respond(turn, outcome_of(turn)):
            turn.center_reply("fallback")
            record_unanswered(turn, "fallback")

    def answer_beyond_emergency(self, turn: Turn) -> None:
        """After the emergency numbers: the entry answering the rest of the question, when one surely does
        and is not itself about the numbers; nothing else (no "did you mean" under the numbers)."""
        entry = outcome_of(turn).entry
        if entry and not about_emergency(entry):
            turn.say(answers.answer_text(entry, current_center(), turn.language))
