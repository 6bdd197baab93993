"""Business news: the latest, about a topic, from a time, and "more" to page on.

Thin adapters: the answers come from bot.news.answers, the articles from the index named by
QICC_NEWS_INDEX (read per question, so articles ingested while the assistant runs are found at once),
the sentences around them from data/news_replies.yml.
"""

from __future__ import annotations

from rasa_sdk.events import SlotSet

from bot.center.facts import current_center
from bot.center.hours import now_in
from bot.news.answers import NewsAnswer, answer_more, answer_question
from bot.news.index import NewsIndex, pages_index
from bot.news.replies import live_replies
from bot.content.texts import pick

from actions.base import Turn, VisitorAction
from actions.routing import ACTIONS, HONEST_ACTION
from actions.pages import MORE_PAYLOAD, PAGING_SLOT as PAGES_PAGING_SLOT, say_more_pages

PAGING_SLOT = "news_paging"


def news_index() -> NewsIndex:
    return pages_index()


def say_news(turn: Turn, answer: NewsAnswer) -> None:
    """Each article as a message of its own; a "more" button under the last when there are more."""
    *first, last = answer.messages
    for message in first:
        turn.say(message)
    buttons = None
    if answer.paging:
        title = pick(live_replies().get()["more_button"], turn.language)
        buttons = [{"title": title, "payload": MORE_PAYLOAD}]
    turn.say(last, buttons=buttons)
    # "more" now follows this news answer, not an earlier pages answer.
    turn.events += [SlotSet(PAGING_SLOT, answer.paging), SlotSet(PAGES_PAGING_SLOT, None)]


class ActionNews(VisitorAction):
    """The articles a news question asks for, or the latest when none match."""

    action_name = "action_news"

    def answer(self, turn: Turn) -> None:
        center = current_center()
        answer = answer_question(
            news_index(), live_replies().get(), turn.text, turn.language, now_in(center).date(), center.phone
        )
        if answer.topic_missing:  # no news about it: a page or the FAQ may still know, else the honest reply
            ACTIONS[HONEST_ACTION]().answer(turn)
            return
        say_news(turn, answer)


class ActionNewsMore(VisitorAction):
    """The next articles of the last news answer ("more", or the button), or the next page when the last
    answer came from the center's pages."""

    action_name = "action_news_more"

    def answer(self, turn: Turn) -> None:
        if turn.tracker.get_slot(PAGES_PAGING_SLOT):
            say_more_pages(turn)
            return
        answer = answer_more(
            news_index(),
            live_replies().get(),
            turn.tracker.get_slot(PAGING_SLOT),
            turn.language,
            current_center().phone,
        )
        say_news(turn, answer)
