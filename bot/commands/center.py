"""`qicc center check`: validate data/center.yml (facts, opening hours, special dates, replies)."""

from __future__ import annotations

from bot.center.facts import live_center
from bot.commands.check import run_check


def register(subparsers) -> None:
    parser = subparsers.add_parser("center", help="the center's facts and replies (data/center.yml)")
    sub = parser.add_subparsers(dest="center_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="report every problem in data/center.yml with its line number")
    check.set_defaults(handler=_check)


def _check(args) -> int:
    return run_check(
        str(live_center().path),
        live_center().load,
        lambda c: f"{len(c.special)} special dates, {len(c.replies)} replies",
    )
