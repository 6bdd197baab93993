"""Three-way scoring of one reply: RIGHT, HONEST or WRONG.

- RIGHT: the reply contains every fact the question expects (bench/eval_set.py); for a question the
  assistant has no content for (``expect: none``), an honest reply.
- HONEST: the assistant says it does not know, or asks back, in one of the content files' own replies
  (HONEST_REPLIES), read from the files so that staff may reword them: the fallback (which carries the
  phone number), or a "did you mean" / "which place" with buttons of which at least one is related.
- WRONG: anything else: a confident reply that lacks the expected fact.

An offered option (a button) is related to the question when it is a wording of an FAQ entry the
question expects or whose answer holds the expected facts, when it contains one of the expected facts (a
place's name, a page's title), or when it shares a content word with the question (see ``content_words``): "did you mean: the beer museum?" to
"where is the beer festival" is related, "did you mean: what is the time zone?" to "2+2" is not.
"""

from __future__ import annotations

import enum
import re
import string
from dataclasses import dataclass, field
from typing import Dict, List, Mapping, Optional, Pattern, Sequence, Set, Tuple

from bot.language import folded
from bench.eval_set import Facts, Question, UnknownReference
from bot.language import HAN_RUN

# (content file, reply key, needs options): the replies that admit not knowing or ask back. A reply
# added to a content file for the same purpose belongs here.
HONEST_REPLIES: Tuple[Tuple[str, str, bool], ...] = (
    ("center", "fallback", False),  # data/center.yml: "Sorry, I didn't understand... call {phone}"
    ("faq", "did_you_mean", True),  # data/faq.yml: "Did you mean one of these?" + questions
    ("attractions", "unknown", True),  # data/attractions.yml: "I don't know that place" + places
    ("attractions", "which_place", True),  # data/attractions.yml: "Which place do you mean?" + places
    ("attractions", "which_named", True),  # data/attractions.yml: "Which one of those you named?" + places
)
_HOLE = "\ue000"  # stands for a placeholder the reply fills with the visitor's words
# Words too common in this assistant's questions to relate an option to a question.
_COMMON_WORDS = frozenset(
    "the and for are you your what where when which how can does is there any about with from this that have "
    "want need tell know please qingdao china chinese center centre".split()
)
_COMMON_BIGRAMS = frozenset(
    "什么 怎么 哪里 哪些 哪个 可以 我们 你们 请问 一下 青岛 中国 中心 是不 不是 有没 没有 多少".split()
)


class Verdict(enum.Enum):
    RIGHT = "right"
    HONEST = "honest"
    WRONG = "wrong"


@dataclass(frozen=True)
class Reply:
    """What the visitor sees of one turn: the messages' texts and the titles of their buttons."""

    texts: Tuple[str, ...]
    options: Tuple[str, ...] = ()

    @classmethod
    def from_messages(cls, messages: Sequence[Dict]) -> "Reply":
        texts = tuple(m.get("text") or "" for m in messages or [] if m.get("text"))
        options = tuple(b.get("title", "") for m in messages or [] for b in m.get("buttons") or [] if b.get("title"))
        return cls(texts, options)

    @property
    def text(self) -> str:
        return "\n".join([*self.texts, *self.options])


def content_words(text: str) -> Set[str]:
    """English words of three letters or more (a plural as its singular: "restaurants" is "restaurant") and
    Chinese two-character pieces, without the common ones."""
    text = folded(text)
    words = {_singular(w) for w in re.findall(r"[a-z]{3,}", text) if w not in _COMMON_WORDS}
    for run in HAN_RUN.findall(text):
        words |= {run[i : i + 2] for i in range(len(run) - 1)} - _COMMON_BIGRAMS
    return words


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass
class Scorer:
    facts: Facts
    _patterns: Dict[Tuple[str, str], List[Pattern]] = field(default_factory=dict)

    def verdict(self, question: Question, reply: Reply) -> Verdict:
        admits = self._honest_kind(reply)
        if admits is not None and (not admits or self._related_option(question, reply.options)):
            return Verdict.HONEST if question.has_content else Verdict.RIGHT
        if self.facts.answered(question, reply.text):
            return Verdict.RIGHT
        return Verdict.WRONG

    def _honest_kind(self, reply: Reply) -> Optional[bool]:
        """None when the reply is none of HONEST_REPLIES; else whether it is one that needs options."""
        text = folded("\n".join(reply.texts))
        for source, key, needs_options in HONEST_REPLIES:
            if any(p.search(text) for p in self._templates(source, key)):
                return needs_options
        return None

    def _templates(self, source: str, key: str) -> List[Pattern]:
        """The reply in both languages as patterns: the center's facts filled in, the visitor's words any text."""
        if (source, key) not in self._patterns:
            replies = self._replies(source)
            self._patterns[source, key] = [
                template_pattern(text, self._values(lang))
                for lang, text in replies.get(key, {}).items()
                if text.strip()
            ]
        return self._patterns[source, key]

    def _replies(self, source: str) -> Mapping[str, Mapping[str, str]]:
        return {
            "center": self.facts.center.replies,
            "faq": self.facts.faq.replies,
            "attractions": self.facts.catalogue.replies,
        }[source]

    def _values(self, language: str) -> Dict[str, str]:
        from bot.center.answers import common_values

        return common_values(self.facts.center, language)

    def _related_option(self, question: Question, options: Sequence[str]) -> bool:
        expected = self._expected_texts(question)
        asked = content_words(question.text)
        return any(
            folded(option) in expected
            or any(folded(fact) in folded(option) for fact in expected)
            or content_words(option) & asked
            or self._leads_to_fact(question, option)
            for option in options
        )

    def _leads_to_fact(self, question: Question, option: str) -> bool:
        """The option is an FAQ question whose answer holds the expected fact ("what are the emergency
        numbers?" offered to "how do I call the cops")."""
        from bot.faq.answers import answer_text

        entry = next(
            (e for e in self.facts.faq.entries if any(folded(w) == folded(option) for _, w in e.all_questions())),
            None,
        )
        if entry is None or not question.has_content:
            return False
        return self.facts.answered(question, answer_text(entry, self.facts.center, question.language))

    def _expected_texts(self, question: Question) -> Set[str]:
        """The expected facts, and every wording of the FAQ entries the question expects."""
        found: Set[str] = set()
        for reference in question.expect if question.has_content else ():
            kind, _, value = (part.strip() for part in reference.partition(":"))
            entry = self.facts.faq.get(value) if kind == "faq" else None
            place = self.facts.catalogue.get(value.partition(".")[0]) if kind == "attraction" else None
            if entry:
                found |= {folded(wording) for _, wording in entry.all_questions()}
            elif place:
                found |= {folded(place.name(language)) for language in ("en", "zh")}
            elif kind in ("attraction_category", "section"):
                try:
                    found |= {folded(text) for text in self.facts.alternatives(reference, question)}
                except UnknownReference:
                    pass
        return found


def template_pattern(template: str, values: Mapping[str, str]) -> Pattern:
    """A regular expression for a reply template: known {placeholders} filled, the others any text."""
    pieces = []
    for literal, name, _, _ in string.Formatter().parse(template):
        pieces.append(literal)
        if name is not None:
            pieces.append(values.get(name, _HOLE))
    escaped = re.escape(folded("".join(pieces)))
    return re.compile(escaped.replace(re.escape(_HOLE), ".+?"))
