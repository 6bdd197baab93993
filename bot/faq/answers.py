"""What the assistant says to a question that may be in the FAQ: an answer, "did you mean", or nothing.

Plain functions, so that the actions stay thin and the choice is testable without Rasa.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

from bot.center.facts import Center
from bot.center.answers import common_values
from bot.faq.content import Entry, Faq
from bot.faq.matcher import MAX_SUGGESTIONS, STRONG, SUGGEST, Match, matcher_of
from bot.content.texts import fill, pick
from bot.trust.elsewhere import names_places_of

# The ResponseSelector's confidence from which its choice is answered without asking back. Measured on
# the FAQ questions of bench/eval/questions.yml (73, none in the training data): 49 answered and none wrong
# at 0.4, 47 at 0.5; at 0.3 "visa card?" (0.38) would get the SIM card answer instead of a question back.
SELECTOR_CONFIDENT = 0.4


def agrees(faq: Faq, text: str, selected: Optional[str]) -> bool:
    """The trained selector and the matcher on the live file, two signals apart, name the same entry, and the
    matcher finds the words close enough to offer it (SUGGEST): then its answer is given, unsure as the
    selector may be. On bench/eval/questions.yml this answered 14 FAQ questions more, none wrongly, where
    SELECTOR_CONFIDENT lowered to 0.2 alone had given 5 wrong answers."""
    best = matcher_of(faq).best(text) if selected else None
    return bool(best and best.entry.id == selected and best.score >= SUGGEST)


@dataclass(frozen=True)
class Outcome:
    entry: Optional[Entry] = None  # answer this entry
    suggestions: List[Match] = field(default_factory=list)  # or offer these questions

    @property
    def unanswered(self) -> bool:
        return self.entry is None


def about_here(text: str, entry: Entry) -> bool:
    """The entry names the places elsewhere that ``text`` names (Qingdao's weather is no answer for Tokyo's,
    however close the words)."""
    return names_places_of(text, entry.texts())


def quoted_entry(faq: Faq, text: str) -> Optional[Entry]:
    """The entry whose question ``text`` nearly quotes (the matcher's STRONG score), when it is about the
    places asked: staff's wording wins over the model, before any retraining."""
    best = matcher_of(faq).best(text)
    return best.entry if best and best.score >= STRONG and about_here(text, best.entry) else None


def decide(
    faq: Faq,
    text: str,
    selected: Optional[str] = None,
    confidence: float = 0.0,
    fits: Callable[[Entry], bool] = lambda entry: True,
    words_fit: bool = False,
) -> Outcome:
    """Pick the answer for ``text``.

    ``selected`` is the entry id the trained model chose (if any) with its ``confidence``; it is answered
    only when the message also ``fits`` that entry and the model is confident or the matcher ``agrees``, else
    asked back. A nearly verbatim match on the live
    file wins over it: that is how an entry added since the last training, or a "did you mean" button,
    gets its answer. Whichever way, an entry answers only when it is ``about_here``.
    """
    quoted = quoted_entry(faq, text)
    if quoted:
        return Outcome(entry=quoted)
    matcher = matcher_of(faq)
    chosen = faq.get(selected) if selected else None
    sure = confidence >= SELECTOR_CONFIDENT or agrees(faq, text, selected)
    if chosen and sure and fits(chosen) and about_here(text, chosen):
        return Outcome(entry=chosen)
    clear = matcher.clear(text) if words_fit else None
    if clear and fits(clear.entry) and about_here(text, clear.entry):
        return Outcome(entry=clear.entry)
    suggestions = matcher.suggestions(text)
    if chosen and chosen.id not in {m.entry.id for m in suggestions}:
        suggestions = [_as_match(chosen), *suggestions][:MAX_SUGGESTIONS]  # the model's guess, unsure
    return Outcome(suggestions=suggestions)


def _as_match(entry: Entry) -> Match:
    language, question = entry.all_questions()[0]
    return Match(entry, question, language, 0.0)


def answer_text(entry: Entry, center: Center, language: str) -> str:
    """The entry's answer with the center's facts filled in, and its links below."""
    text = fill(entry.answer, language, common_values(center, language))
    return "\n".join([text, *entry.links])


def button_title(match: Match, language: str) -> str:
    """The matched wording, or the entry's first question in the visitor's language."""
    if match.language == language:
        return match.question
    return next(iter(match.entry.questions.get(language, ())), match.question)


def suggestion_buttons(suggestions: List[Match], language: str) -> List[Dict[str, str]]:
    """Buttons that send the question itself, so a typed or a clicked question take the same path."""
    titles = [button_title(m, language) for m in suggestions]
    return [{"title": title, "payload": title} for title in titles]


def did_you_mean(faq: Faq, language: str) -> str:
    return pick(faq.replies["did_you_mean"], language)
