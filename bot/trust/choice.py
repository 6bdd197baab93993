"""What answers a message: the emergency numbers, a near-verbatim content match, a fitting intent, or
nothing (then the caller gives the honest reply and records the question)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from bot.attractions.catalogue import current_catalogue
from bot.attractions.matching import MATCH_SCORE, normalise
from bot.faq.content import Entry, current_faq
from bot.faq.matcher import STRONG
from bot.trust.content import live_fit_words
from bot.trust.emergency import asks_emergency
from bot.trust.fit import Verdict, check
from bot.trust.vocabulary import current_vocabulary
from bot.trust.words import words

# Intents whose answer is the honest reply anyway: they never answer in place of another.
NOT_ANSWERS = frozenset({"nlu_fallback", "out_of_scope"})
# The model's ranked intents looked at, and the confidence below which an intent is not considered even
# when the words fit it: the words decide among the model's candidates, they do not invent one.
CANDIDATES = 3
CONSIDERED = 0.05
# A message whose words carry no meaning ("how much is it?") is left to the model when it is this sure:
# the conversation so far (the place discussed) gives it its meaning.
GENERIC_CONFIDENT = 0.55

EMERGENCY, FAQ_ENTRY, INTENT, NOTHING = "emergency", "faq_entry", "intent", "nothing"
ATTRACTION_INFO = "ask_attraction_info"


@dataclass(frozen=True)
class Choice:
    kind: str
    intent: Optional[str] = None  # kind INTENT: the intent whose answer fits
    entry: Optional[Entry] = None  # kind FAQ_ENTRY: the entry the message nearly quotes
    verdicts: Tuple[Verdict, ...] = field(default=(), compare=False)  # why, for the log and `qicc fit explain`


def choose(text: str, ranking: Sequence[Tuple[str, float]], entity_spans: Sequence[Tuple[str, str]] = ()) -> Choice:
    """``ranking``: the model's intents with their confidence, most likely first; ``entity_spans``: the
    (entity, text written) pairs it marked in the message."""
    if asks_emergency(live_fit_words().get(), text):
        return Choice(EMERGENCY)
    near = _near_verbatim(text)
    if near:
        return near
    found = words(text)
    entity_words: Dict[str, List[str]] = {}
    for entity, span in entity_spans:
        entity_words.setdefault(entity, []).extend(words(span))
    vocabulary = current_vocabulary()
    verdicts = []
    for rank, (intent, confidence) in enumerate(ranking[:CANDIDATES]):
        if intent in NOT_ANSWERS or confidence < CONSIDERED:
            continue
        verdict = check(vocabulary, intent, found, entity_words)
        verdicts.append(verdict)
        if verdict.fits or (verdict.generic and rank == 0 and confidence >= GENERIC_CONFIDENT):
            return Choice(INTENT, intent=intent, verdicts=tuple(verdicts))
    return Choice(NOTHING, verdicts=tuple(verdicts))


def _near_verbatim(text: str) -> Optional[Choice]:
    """Staff's content wins over the model for its own wordings: a question of the FAQ, a place's name."""
    best = current_faq().matcher.best(text)
    if best and best.score >= STRONG:
        return Choice(FAQ_ENTRY, entry=best.entry)
    named = current_catalogue().index.ranked(normalise(text))
    if named and named[0].score >= MATCH_SCORE and len(normalise(named[0].name)) >= len(normalise(text)) * 0.8:
        return Choice(INTENT, intent=ATTRACTION_INFO)
    return None
