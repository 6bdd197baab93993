"""`qicc fit check|explain`: the words each answer is about (data/fit.yml), and why a question got its answer."""

from __future__ import annotations

from bot.commands.check import run_check
from bot.trust.choice import EMERGENCY, choose, entity_words
from bot.trust.elsewhere import places_elsewhere
from bot.trust.content import live_fit_words
from bot.trust.fit import check
from bot.trust.vocabulary import current_vocabulary
from bot.trust.words import words


def register(subparsers) -> None:
    parser = subparsers.add_parser("fit", help="which questions each answer fits (data/fit.yml)")
    sub = parser.add_subparsers(dest="fit_command", metavar="ACTION", required=True)
    check_parser = sub.add_parser("check", help="report every problem in data/fit.yml with its line number")
    check_parser.set_defaults(handler=_check)
    explain = sub.add_parser(
        "explain",
        help="which answers a question fits, and the words that fit none",
        description="Show, for a visitor's question, every answer it fits and, for the others, the words "
        "they are not about: add such a word to data/fit.yml under the intent it belongs to.",
    )
    explain.add_argument("question", help="the question as a visitor would write it, in quotes")
    explain.set_defaults(handler=_explain)


def _check(args) -> int:
    return run_check(
        str(live_fit_words().path),
        live_fit_words().load,
        lambda f: f"{len(f.general)} general words, {len(f.intents)} intents",
    )


def _explain(args) -> int:
    vocabulary = current_vocabulary()
    found = words(args.question)
    names = entity_words(args.question, found)  # the places it names, as the catalogue finds them
    print(f"words: {' '.join(found) or '(none)'}")
    for intent in vocabulary.intents():
        verdict = check(vocabulary, intent, found, names)
        if verdict.fits:
            print(f"  fits {intent} (about: {', '.join(verdict.cues)})")
        elif verdict.cues:
            print(f"  not {intent}: not about {', '.join(verdict.unexplained)}")
    if not vocabulary.asks_for_places(found):
        print("asks for no places: where the pages fit too, they answer instead of a list of attractions")
    places = places_elsewhere(args.question)
    if places:
        print(f"names a place elsewhere: {', '.join(places)} (an FAQ entry or a page answers only if it names it too)")
    # With no intents from the model, only what wins over the model is left: emergency, near-verbatim content.
    first = choose(args.question, [])
    if first.kind == EMERGENCY:
        also = " (then by the FAQ entry the question nearly quotes)" if first.intent else ""
        print(f"an emergency question: answered with the emergency numbers first{also}, whatever else fits")
    elif first.entry is not None:
        print(f"nearly a question of the FAQ entry '{first.entry.id}': answered from it, whatever else fits")
    elif first.intent:
        print(f"nearly the name of a place: answered by {first.intent}")
    return 0
