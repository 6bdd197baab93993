"""The center's pages: saying the best fitting page's answer (action_pages and action_fallback, in
actions/fallback.py, start with it), and "more" for the next page.

Thin adapters: the page and its passage come from bot.pages.answers, the sentences around them from
data/pages_replies.yml. "more" (intent more_news) reaches action_news_more, which goes on here when the
last answer came from the pages (slot pages_paging).
"""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from bot.news.index import pages_index
from bot.pages.answers import PagesAnswer, answer_more
from bot.pages.replies import live_replies
from bot.content.texts import pick

from actions.base import Turn

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
    say_pages(turn, answer_more(pages_index(), live_replies().get(), turn.tracker.get_slot(PAGING_SLOT), turn.language))
