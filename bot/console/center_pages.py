"""The center page: name, phone, address, directions, weekly hours, and the calendar of special dates
(a holiday closure, a make-up working day), with what the assistant then says about a day."""

from __future__ import annotations

from datetime import date
from typing import Optional, cast

from aiohttp import web

from bot.center.facts import WEEKDAYS, Center
from bot.center.editing import (
    BILINGUAL_FACTS,
    Facts,
    SpecialDate,
    add_special_date,
    remove_special_date,
    set_facts,
    special_dates_as_written,
)
from bot.center.answers import hours_answer
from bot.console import saving
from bot.console.web import PREFIX, redirect, render, save_as_staff, t
from bot.content.texts import LANGUAGES
from bot.content.yamlfile import ContentError

FILE = "center.yml"
routes = web.RouteTableDef()


def _facts_of(center: Center) -> Facts:
    weekly = {
        day: ", ".join(f"{a:%-H:%M}-{b:%-H:%M}" for a, b in ranges) or "closed"
        for day, ranges in zip(WEEKDAYS, center.weekly, strict=True)
    }
    return Facts({key: dict(getattr(center, key)) for key in BILINGUAL_FACTS}, center.phone, weekly)


def _answers(center: Optional[Center], day: str):
    """What the assistant says about ``day`` in both languages (the replies that use the calendar)."""
    if not center or not day:
        return {}
    try:
        date.fromisoformat(day)
    except ValueError:
        return {}
    return {lang: hours_answer(center, lang, day) for lang in LANGUAGES}


def _page(
    request: web.Request, text: str, status: int = 200, facts: Optional[Facts] = None, problems=(), **extra
) -> web.Response:
    special = []
    try:
        center: Optional[Center] = cast(Center, saving.check(FILE, text))
        special = special_dates_as_written(text)
    except ContentError as error:
        center, problems = None, [*problems, *error.problems]
    day = request.query.get("day", "")
    return render(
        request,
        "center.html",
        status=status,
        version=saving.version_of(text),
        weekdays=WEEKDAYS,
        facts=facts or (_facts_of(center) if center else None),
        special=special,
        problems=[str(p) for p in problems],
        day=day,
        answers=_answers(center, day),
        bilingual=BILINGUAL_FACTS,
        **extra,
    )


@routes.get(f"{PREFIX}/center")
async def center_page(request: web.Request) -> web.Response:
    return _page(request, saving.read(FILE))


async def _save(request: web.Request, change, summary: str, facts: Optional[Facts] = None) -> web.Response:
    posted = await request.post()
    current = saving.read(FILE)
    try:
        new_text = change(current, posted)
        save_as_staff(request, FILE, new_text, str(posted.get("version", "")), summary)
    except ContentError as error:
        return _page(request, current, status=422, facts=facts, problems=error.problems, error=t(request, "not_saved"))
    except saving.Conflict:
        return _page(
            request, current, status=409, facts=facts, error=t(request, "conflict", author=t(request, "someone"))
        )
    except IndexError:
        raise web.HTTPNotFound() from None
    raise redirect(f"{PREFIX}/center?done=saved")


def _posted_facts(posted) -> Facts:
    return Facts(
        {key: {lang: str(posted.get(f"{key}_{lang}", "")) for lang in LANGUAGES} for key in BILINGUAL_FACTS},
        str(posted.get("phone", "")),
        {day: str(posted.get(f"hours_{day}", "")) for day in WEEKDAYS},
    )


@routes.post(f"{PREFIX}/center/facts")
async def save_facts(request: web.Request) -> web.Response:
    facts = _posted_facts(await request.post())
    return await _save(request, lambda text, _: set_facts(text, facts), "changed the center's facts and hours", facts)


@routes.post(f"{PREFIX}/center/special/add")
async def add_special(request: web.Request) -> web.Response:
    posted = await request.post()
    day = SpecialDate(
        str(posted.get("date", "")),
        str(posted.get("until", "")),
        "closed" if posted.get("kind") == "closed" else str(posted.get("hours", "")),
        {lang: str(posted.get(f"note_{lang}", "")) for lang in LANGUAGES},
    )
    what = "closed" if day.hours == "closed" else f"open {day.hours}"
    return await _save(
        request,
        lambda text, _: add_special_date(text, day),
        f"special date {day.first}{' to ' + day.until if day.until else ''}: {what}",
    )


@routes.post(f"{PREFIX}/center/special/{{index:\\d+}}/remove")
async def remove_special(request: web.Request) -> web.Response:
    index = int(request.match_info["index"])
    return await _save(request, lambda text, _: remove_special_date(text, index), f"removed special date {index + 1}")
