"""The overview (figures and charts of the last 30 days, talks handed to staff) and the conversations to read."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from typing import Optional, cast

from aiohttp import web

from bot.console import charts, saving
from bot.console.conversations import OUTCOMES, matching, pseudonym_of, read_conversations, visitor_messages
from bot.console.texts import name_of
from bot.console.web import PREFIX, render, stores, t
from bot.faq.content import Faq
from bot.language import detect
from bot.content.yamlfile import ContentError

DAYS = 30
TOP = 8
routes = web.RouteTableDef()
SVG_HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"}


def _figures(request: web.Request):
    conversations = read_conversations(DAYS)
    messages = visitor_messages(conversations)
    days = sorted({line.at.date() for _, line in messages})
    if days:
        days = [days[0] + timedelta(n) for n in range((days[-1] - days[0]).days + 1)]
    labels = [f"{d:%m-%d}" for d in days]
    by_channel: dict = {}
    by_language: dict = {}
    for conversation, line in messages:
        index = days.index(line.at.date())
        language = t(request, "language_" + (detect(line.text) or conversation.language))
        by_channel.setdefault(name_of(request["lang"], "channel", conversation.channel), [0] * len(days))[index] += 1
        by_language.setdefault(language, [0] * len(days))[index] += 1
    outcomes = Counter(line.outcome for _, line in messages)
    total = max(1, len(messages))
    topics = Counter(line.intent for _, line in messages if line.intent).most_common(TOP)
    return conversations, messages, labels, by_channel, by_language, outcomes, total, topics


def _chart(request: web.Request, name: str) -> str:
    _, messages, labels, by_channel, by_language, outcomes, total, topics = _figures(request)
    if name == "channels":
        return charts.stacked_bars(labels, by_channel, t(request, "chart_channels"))
    if name == "languages":
        return charts.stacked_bars(labels, by_language, t(request, "chart_languages"))
    if name == "outcomes":
        return charts.horizontal_bars(
            [t(request, "outcome_" + o) for o in OUTCOMES],
            [round(100 * outcomes[o] / total) for o in OUTCOMES],
            t(request, "chart_outcomes"),
            "%",
        )
    if name == "topics":
        return charts.horizontal_bars(
            [name_of(request["lang"], "topic", intent) for intent, _ in topics],
            [n for _, n in topics],
            t(request, "chart_topics"),
        )
    raise web.HTTPNotFound()


@routes.get(f"{PREFIX}/overview")
async def overview(request: web.Request) -> web.Response:
    conversations, messages, *_ = _figures(request)
    try:
        faq: Optional[Faq] = cast(Faq, saving.check("faq.yml", saving.read("faq.yml")))
    except ContentError:
        faq = None
    groups = stores(request).inbox.groups(faq)[:5]
    handoffs = stores(request).handoffs.outcomes(time.time() - DAYS * 24 * 3600)
    return render(
        request,
        "overview.html",
        days=DAYS,
        message_count=len(messages),
        conversation_count=len(conversations),
        groups=groups,
        lang_param=request["lang"],
        handoffs=handoffs if any(handoffs.values()) else None,
    )


@routes.get(f"{PREFIX}/overview/{{name:[a-z]+}}.svg")
async def chart(request: web.Request) -> web.Response:
    return web.Response(
        text=_chart(request, request.match_info["name"]), content_type="image/svg+xml", headers=SVG_HEADERS
    )


@routes.get(f"{PREFIX}/conversations")
async def conversations(request: web.Request) -> web.Response:
    everything = read_conversations(DAYS)
    channel, language, outcome = (request.query.get(key, "") for key in ("channel", "language", "outcome"))
    shown = matching(everything, channel, language, outcome)
    chosen = pseudonym_of(everything, request.query.get("visitor", ""))
    return render(
        request,
        "conversations.html",
        conversations=shown[:100],
        chosen=chosen,
        channels=sorted({c.channel for c in everything}),
        outcomes=OUTCOMES,
        filters={"channel": channel, "language": language, "outcome": outcome},
    )
