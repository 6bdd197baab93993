"""What answers a message: the emergency numbers, a near-verbatim content match, a fitting intent, or
nothing (then the caller gives the honest reply and records the question); a sum to work out is nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

from rapidfuzz import fuzz

from bot.attractions.catalogue import current_catalogue
from bot.attractions.matching import MATCH_SCORE, WORD_SCORE, name_key
from bot.faq.answers import agrees, quoted_entry
from bot.faq.content import Entry, current_faq
from bot.faq.matcher import matcher_of
from bot.trust.arithmetic import asks_arithmetic
from bot.trust.content import live_fit_words
from bot.trust.emergency import asks_emergency
from bot.trust.fit import Verdict, check
from bot.trust.vocabulary import NAME_ENTITIES, current_vocabulary
from bot.trust.words import HAN_RUN, is_han, words
from bot.training.faq import RETRIEVAL_INTENT

# Intents whose answer is the honest reply anyway: they never answer in place of another.
NOT_ANSWERS = frozenset({"nlu_fallback", "out_of_scope"})
# How many of the model's ranked intents are looked at: the words decide among the model's first candidates,
# they do not invent one. By rank, not confidence: DIET's confidences are near 1 and 0 (its similarities are
# sharpened in training), yet the right intent is often the second ("contact details please": the attraction
# details 1.00, the phone 0.00).
CANDIDATES = 3
# A message whose words carry no meaning ("how much is it?") is left to the model when it is this sure:
# the conversation so far (the place discussed) gives it its meaning.
GENERIC_CONFIDENT = 0.55

EMERGENCY, FAQ_ENTRY, INTENT, NOTHING = "emergency", "faq_entry", "intent", "nothing"
ATTRACTION_INFO = "ask_attraction_info"
PLACES, PAGES = "ask_attractions", "ask_pages"  # a list of places; the center's pages


@dataclass(frozen=True)
class Choice:
    kind: str
    # kind INTENT: the intent whose answer fits; kind EMERGENCY: RETRIEVAL_INTENT when the FAQ answers the
    # rest of the question, after the numbers ("do I need to call an ambulance first, or go to a hospital?")
    intent: Optional[str] = None
    entry: Optional[Entry] = None  # kind FAQ_ENTRY: the entry the message nearly quotes
    verdicts: Tuple[Verdict, ...] = field(default=(), compare=False)  # why, for the log and `qicc fit explain`


def choose(
    text: str,
    ranking: Sequence[Tuple[str, float]],
    entity_spans: Sequence[Tuple[str, str]] = (),
    selected_faq: Optional[str] = None,
    following: Optional[str] = None,
) -> Choice:
    """``ranking``: the model's intents with their confidence, most likely first; ``entity_spans``: the
    (entity, text written) pairs it marked in the message; ``selected_faq``: the FAQ entry the model's
    selector chose; ``following``: the intent whose answer the conversation's last answer was."""
    if asks_emergency(live_fit_words().get(), text):
        rest = _answering(text, ranking, entity_spans, selected_faq, following)
        faq_too = rest.kind == FAQ_ENTRY or rest.intent == RETRIEVAL_INTENT
        return Choice(EMERGENCY, intent=RETRIEVAL_INTENT if faq_too else None, verdicts=rest.verdicts)
    return _answering(text, ranking, entity_spans, selected_faq, following)


def _answering(
    text: str,
    ranking: Sequence[Tuple[str, float]],
    entity_spans: Sequence[Tuple[str, str]],
    selected_faq: Optional[str],
    following: Optional[str],
) -> Choice:
    """The answer of a message that is not (or not only) an emergency."""
    if asks_arithmetic(text):
        return Choice(NOTHING)
    near = _near_verbatim(text)
    if near:
        return near
    found = words(text)
    taken = entity_words(text, found, entity_spans)
    vocabulary = current_vocabulary()
    verdicts = []
    for rank, (intent, confidence) in enumerate(ranking[:CANDIDATES]):
        if intent in NOT_ANSWERS:
            continue
        verdict = check(vocabulary, intent, found, taken, following=intent == following)
        verdicts.append(verdict)
        if verdict.fits or (verdict.generic and rank == 0 and confidence >= GENERIC_CONFIDENT):
            if intent in vocabulary.searching and _clearly_faq(text, found):
                break  # a passage that shares a word ("passport") is no answer beside the entry on it
            if intent == PLACES and not vocabulary.asks_for_places(found):
                # A question on a topic that has places too ("what is Qingdao's local food?", "why so many
                # German buildings?") asks for no list of them when the pages' words fit it: the pages answer
                # it (or the honest reply, when none has it).
                topic = check(vocabulary, PAGES, found, taken)
                if topic.fits:
                    return Choice(INTENT, intent=PAGES, verdicts=(*verdicts, topic))
            return Choice(INTENT, intent=intent, verdicts=tuple(verdicts))
    # Words the FAQ's questions never use ("my visa runs out next week") yet the model and the live file's
    # matcher name one entry: the FAQ action answers it (after its own check that no entry fits better).
    if ranking and ranking[0][0] == RETRIEVAL_INTENT and agrees(current_faq(), text, selected_faq):
        return Choice(INTENT, intent=RETRIEVAL_INTENT, verdicts=tuple(verdicts))
    if _clearly_faq(text, found):
        return Choice(INTENT, intent=RETRIEVAL_INTENT, verdicts=tuple(verdicts))
    return Choice(NOTHING, verdicts=tuple(verdicts))


def _clearly_faq(text: str, found: Sequence[str]) -> bool:
    """Every word is one the FAQ is about and the live file's matcher points at one entry alone
    (Matcher.clear), however the model read them: the FAQ action answers that entry."""
    return check(current_vocabulary(), RETRIEVAL_INTENT, found).fits and bool(matcher_of(current_faq()).clear(text))


def nothing_beyond(text: str, intent: str) -> bool:
    """Whether every word of ``text`` that carries meaning is one ``intent``'s answer is about: a follow-up
    with no place to refer to is about the center only then ("how do I get there?", not "how many train
    stations does Qingdao have?"), and when its words are not all context words of it ("what day is it
    today?" is no question about the hours)."""
    vocabulary, found = current_vocabulary(), words(text)
    return not check(vocabulary, intent, found).unexplained and not vocabulary.only_context(intent, found)


def entity_words(text: str, found: Sequence[str], entity_spans: Sequence[Tuple[str, str]] = ()) -> Dict[str, List[str]]:
    """The words of the spans the model marked, by entity, as the actions will read them. Of the names
    (NAME_ENTITIES): the spans naming a place of the catalogue when any does ("beer museum", not "night
    market", in "is there a night market near the beer museum"), else every span (an unknown place, which
    the action says it does not know); and the words of every place the message names, which the action
    finds the same way (and asks which one when there are several)."""
    index = current_catalogue().index
    spans = [(entity, span) for entity, span in entity_spans if name_like(span)]
    naming = {span for entity, span in spans if entity in NAME_ENTITIES and index.find(span)}
    known = {entity for entity, span in spans if span in naming}
    taken: Dict[str, List[str]] = {}
    for entity, span in spans:
        if entity not in known or span in naming:
            taken.setdefault(entity, []).extend(words(span))
    for named in index.named_in(text):
        for entity in NAME_ENTITIES:
            taken.setdefault(entity, []).extend(w for w in found if _in_name(w, named.name))
    return taken


def _in_name(word: str, name: str) -> bool:
    """A word the visitor wrote as part of ``name``, spelt within a typo of one of its words."""
    if is_han(word):
        return word in name
    return any(fuzz.ratio(word, part) >= WORD_SCORE for part in words(name))


def name_like(span: str) -> bool:
    """A span the model marked can be a name: two Chinese characters or three letters at least (it marks
    the 路 of 去中心的路怎么走 as a place too)."""
    letters = name_key(span)
    return len(letters) >= (2 if HAN_RUN.search(letters) else 3)


def _near_verbatim(text: str) -> Optional[Choice]:
    """Staff's content wins over the model for its own wordings: a question of the FAQ, a place's name."""
    quoted = quoted_entry(current_faq(), text)
    if quoted:
        return Choice(FAQ_ENTRY, entry=quoted)
    named = current_catalogue().index.ranked(text)
    if named and named[0].score >= MATCH_SCORE and len(name_key(named[0].name)) >= len(name_key(text)) * 0.8:
        return Choice(INTENT, intent=ATTRACTION_INFO)
    return None
