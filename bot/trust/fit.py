"""Does an answer fit a question? Every word of the question that carries meaning must be one the
answer is about, and at least one must say it is about that answer.

"When is the Qingdao beer festival?" does not fit the opening hours ("beer" and "festival" are not what
the hours are about) although "when is ... open" made the model think so; "can I visit on Sunday" fits the
hours and not the attractions list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Mapping, Optional, Sequence, Tuple

from bot.faq.content import Faq
from bot.trust.vocabulary import Vocabulary
from bot.trust.words import NUMBER, words


@dataclass(frozen=True)
class Verdict:
    intent: str
    cues: Tuple[str, ...]  # words that say the question is about this answer
    unexplained: Tuple[str, ...]  # words this answer is not about
    generic: bool  # no word carries meaning ("how much is it?"): the words neither fit nor refute

    @property
    def fits(self) -> bool:
        return bool(self.cues) and not self.unexplained


def check(
    vocabulary: Vocabulary,
    intent: str,
    found: Sequence[str],
    entity_words: Optional[Mapping[str, Sequence[str]]] = None,
    following: bool = False,
) -> Verdict:
    """``entity_words``: the words of the spans the model marked, by entity. An intent whose action reads
    that entity takes them as what the question is about (the action checks a name against the live
    catalogue itself and says so when it does not know it). ``following``: the message follows this
    intent's answer, so its context words say what it is about too ("and tomorrow?")."""
    spans = entity_words or {}
    taken = [w for entity in vocabulary.entities.get(intent, ()) for w in spans.get(entity, ())]
    content = [w for w in vocabulary.content_words(found) if w not in taken]
    unexplained = tuple(dict.fromkeys(w for w in content if not vocabulary.explains(intent, w)))
    if intent in vocabulary.searching:  # its answer says itself when its content has nothing on them
        unexplained = ()
    cues = tuple(dict.fromkeys([*taken, *vocabulary.cues(intent, found, following)]))
    return Verdict(intent, cues, unexplained, not content and not taken)


# The last FAQ entries' vocabulary, with the vocabulary and FAQ it was made from: both are replaced, never
# changed, when staff edit a file, so it is made again only then and not for every message.
_by_entry: Optional[Tuple[Vocabulary, Faq, Vocabulary]] = None


def _entry_vocabulary(vocabulary: Vocabulary, faq: Faq) -> Vocabulary:
    """Each FAQ entry as an answer of its own, about the words of its questions and its answer."""
    global _by_entry
    if _by_entry is None or _by_entry[0] is not vocabulary or _by_entry[1] is not faq:
        about = {
            entry.id: frozenset(
                w for text in [*(q for _, q in entry.all_questions()), *entry.answer.values()] for w in words(text)
            )
            - vocabulary.general
            for entry in faq.entries
        }
        _by_entry = (vocabulary, faq, Vocabulary(vocabulary.general, about, {}, {}))
    return _by_entry[2]


def coverage(vocabulary: Vocabulary, faq: Faq, text: str) -> Dict[str, int]:
    """For each FAQ entry, how many of ``text``'s words that carry meaning it is about: "visa card?" is
    covered twice by the entry on paying by card, once by the one on visas."""
    by_entry = _entry_vocabulary(vocabulary, faq)
    content = [w for w in vocabulary.content_words(words(text)) if w != NUMBER]
    return {entry: sum(by_entry.explains(entry, w) for w in content) for entry in by_entry.about}


def related(vocabulary: Vocabulary, text: str, other: str) -> bool:
    """Whether two wordings share a word that carries meaning: a "did you mean" offers only such questions
    ("When is the beer festival?" shares none with "When is the best time to visit Qingdao?")."""
    mine = set(vocabulary.content_words(words(text))) - {NUMBER}
    return bool(mine & set(vocabulary.content_words(words(other))))
