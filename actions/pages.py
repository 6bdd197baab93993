"""The center's pages: a question about hotels, dining, tickets, history, festivals, food, policies or
the Free Trade Zone, answered from the best fitting page (bot/pages/), or honestly not.

Thin adapters: the page and its passage come from bot.pages.answers, the sentences around them from
data/pages_replies.yml. "more" (intent more_news) reaches action_news_more, which goes on here when the
last answer came from the pages (slot pages_paging).
"""
from __future__ import annotations

from rasa_sdk.events import SlotSet

from bot.pages.answers import PagesAnswer, answer_from_pages, answer_more, honest_reply, pages_index
from bot.pages.replies import live_replies
from bot.texts import pick

from actions.base import Turn, VisitorAction
from actions.faq import record_unanswered

PAGING_SLOT = "pages_paging"
# The "more" button's payload, under news and pages answers alike: intent more_news, action_news_more.
MORE_PAYLOAD = "/more_news"


def say_pages(turn: Turn, answer: PagesAnswer) -> None:
    """The answer, with a "more" button when another page fits."""
    *first, last = answer.messages
    for message in first:
        turn.say(message)
    buttons = None
    if answer.paging:
        buttons = [{"title": pick(live_replies().get()["more_button"], turn.language), "payload": MORE_PAYLOAD}]
    turn.say(last, buttons=buttons)
    turn.events.append(SlotSet(PAGING_SLOT, answer.paging))


def say_more_pages(turn: Turn) -> None:
    say_pages(turn, answer_more(pages_index(), live_replies().get(), turn.tracker.get_slot(PAGING_SLOT),
                                turn.language))


class ActionPages(VisitorAction):
    """The best fitting page's passage, or "I don't know that" with the phone number (and the question
    noted for staff)."""

    action_name = "action_pages"

    def answer(self, turn: Turn) -> None:
        answer = answer_from_pages(turn.text, turn.language)
        if answer is None:
            turn.say(honest_reply(live_replies().get(), turn.language))
            turn.events.append(SlotSet(PAGING_SLOT, None))
            record_unanswered(turn, "fallback")
            return
        say_pages(turn, answer)
