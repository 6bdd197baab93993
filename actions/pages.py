"""The center's pages: saying the best fitting page's answer (action_pages and action_fallback, in
actions/fallback.py, start with it), and "more" for the next page.

Thin adapters: the page and its passage come from bot.pages.answers, the sentences around them from
data/pages_replies.yml. "more" (intent more_news) reaches action_news_more, which goes on here when the
last answer came from the pages (slot pages_paging).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Optional

from rasa_sdk.events import SlotSet

from bot.content.yamlfile import ContentError
from bot.news.index import pages_index
from bot.pages.answers import PagesAnswer, answer_from_pages, answer_more
from bot.pages.replies import live_replies
from bot.content.texts import pick

from actions.base import Turn

log = logging.getLogger(__name__)

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


def say_best_page(turn: Turn, section: Optional[str] = None) -> bool:
    """Say the best fitting page's answer (of ``section`` only, when given); False when no page fits or the
    index cannot be read (logged: the caller's honest reply still helps the visitor)."""
    try:
        page = answer_from_pages(turn.text, turn.language, section)
    except (ContentError, sqlite3.Error, OSError):
        log.exception("the center's pages could not be searched")
        return False
    if page is None:
        return False
    say_pages(turn, page)
    return True


def say_more_pages(turn: Turn) -> None:
    say_pages(turn, answer_more(pages_index(), live_replies().get(), turn.tracker.get_slot(PAGING_SLOT), turn.language))
