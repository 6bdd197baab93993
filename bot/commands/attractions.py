"""`qicc attractions check` and `qicc attractions find`: look after data/attractions.yml."""

from __future__ import annotations

from bot.attractions.catalogue import Catalogue, live_catalogue
from bot.commands.check import run_check
from bot.content.yamlfile import ContentError


def register(subparsers) -> None:
    parser = subparsers.add_parser("attractions", help="the Qingdao attractions guide (data/attractions.yml)")
    sub = parser.add_subparsers(dest="attractions_command", metavar="ACTION", required=True)
    check = sub.add_parser("check", help="report every problem in data/attractions.yml with its line number")
    check.set_defaults(handler=_check)
    find = sub.add_parser(
        "find",
        help="show which place a name points to, as the assistant would understand it",
        description="Match a name the way the assistant does (any language, small misspellings) and print "
        "the place found or the closest names. Useful after adding aliases.",
    )
    find.add_argument("name", nargs="+", help='the name or sentence to look up, e.g. "lao shan"')
    find.set_defaults(handler=_find)


def _describe(catalogue: Catalogue) -> str:
    names = sum(len(place.names.every()) for place in catalogue.attractions)
    return f"{len(catalogue.attractions)} attractions, {names} names, {len(catalogue.categories)} categories"


def _check(args) -> int:
    return run_check(str(live_catalogue().path), live_catalogue().load, _describe)


def _find(args) -> int:
    query = " ".join(args.name)
    try:
        catalogue = live_catalogue().load()
    except ContentError as error:
        print(error)
        return 1
    match = catalogue.index.find(query)
    place = catalogue.get(match.key) if match else None
    if match and place:
        print(f"{match.key}: {place.names.en} (by the name '{match.name}', score {match.score:.0f})")
        return 0
    print(f"'{query}' names no place. Closest:")
    for close in catalogue.index.closest(query, 5):
        print(f"  {close.key}: '{close.name}' (score {close.score:.0f})")
    return 1
