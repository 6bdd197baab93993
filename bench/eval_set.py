"""The evaluation set (bench/eval/questions.yml) and the facts its references point to.

A question's ``expect`` names facts in the content files ("center: phone", "faq: tap_water",
"attraction: laoshan.ticket", "news_title: RCEP", "emergency: police", "section: Culture/Festival"), or
is ``none`` for a question the assistant has no content for; ``Facts`` reads those files through the
same modules the assistant uses and says whether a reply contains each fact. Nothing here copies a
fact, so when staff edit a content file the set stays right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

from dateutil import parser as date_parser

from bot.faq.content import wording_key
from bot.language import folded
from bot.settings import settings
from bot.content.yamlfile import ContentError, Problem, parse_yaml, read_yaml

EVAL_FILE = Path(__file__).resolve().parent / "eval" / "questions.yml"
LANGUAGES = ("en", "zh")
# A reply shows the start of a longer text (an FAQ answer, a place's transport notes); that start,
# this many characters, is what must appear. Long enough to be specific to one text.
PREFIX_CHARS = 40
NO_CONTENT = "none"  # the expect of a question the assistant has no content for
EMERGENCY_SERVICES = ("police", "fire", "ambulance", "traffic")  # keys of data/center.yml emergency_numbers
# The navigation of the center's website: every page under data/pages/ belongs to one of these.
SECTIONS = (
    "Tourism/Attraction",
    "Tourism/Hotels",
    "Tourism/Dining",
    "Tourism/Entrance tickets",
    "Culture/History",
    "Culture/Festival",
    "Culture/Fashion & Traditions",
    "Culture/Culture Figures",
    "Culture/Food",
    "Business/Business News",
    "Business/Policies & Regulations",
    "Business/Free Trade Zone",
)
NEWS_SECTION = "Business/Business News"  # also holds the articles bundled in data/news/


@dataclass(frozen=True)
class Question:
    text: str
    language: str
    category: str
    expect: Tuple[str, ...]  # references; the reply must contain every one
    line: int

    @property
    def has_content(self) -> bool:
        """False for a question the assistant has no content for: only an honest reply is right."""
        return self.expect != (NO_CONTENT,)


@dataclass(frozen=True)
class EvalSet:
    now: datetime  # the assistant's frozen clock while the set is asked
    questions: Tuple[Question, ...]

    def languages(self) -> List[str]:
        return [lang for lang in LANGUAGES if any(q.language == lang for q in self.questions)]

    def categories(self) -> List[str]:
        return list(dict.fromkeys(q.category for q in self.questions))


def load_eval_set(path: Path = EVAL_FILE) -> EvalSet:
    """The set in ``path``; raises ContentError naming the line of each malformed question."""
    data = read_yaml(path)
    if not isinstance(data, dict) or "now" not in data or not isinstance(data.get("questions"), list):
        raise ContentError.single(str(path), "the file needs 'now:' and a list under 'questions:'")
    problems: List[Problem] = []
    questions = []
    for item, line in zip(data["questions"], data["questions"].item_lines, strict=True):
        question = _question(item, line, str(path), problems)
        if question:
            questions.append(question)
    if problems:
        raise ContentError(problems)
    return EvalSet(date_parser.isoparse(str(data["now"])), tuple(questions))


def _question(item: object, line: int, filename: str, problems: List[Problem]) -> Optional[Question]:
    if not isinstance(item, dict) or not all(item.get(k) for k in ("q", "lang", "category", "expect")):
        problems.append(Problem(filename, line, "a question needs q, lang, category and expect"))
        return None
    if item["lang"] not in LANGUAGES:
        problems.append(Problem(filename, line, f"lang must be one of {', '.join(LANGUAGES)}"))
        return None
    expect = tuple(map(str, item["expect"] if isinstance(item["expect"], list) else [item["expect"]]))
    problem = _expect_problem(expect)
    if problem:
        problems.append(Problem(filename, line, problem))
        return None
    return Question(str(item["q"]), item["lang"], str(item["category"]), expect, line)


def _expect_problem(expect: Tuple[str, ...]) -> Optional[str]:
    """What is wrong with the form of a question's references (whether they resolve is Facts' job)."""
    if NO_CONTENT in expect and len(expect) > 1:
        return f"'{NO_CONTENT}' means no content: it cannot be combined with other references"
    for reference in expect:
        kind, _, value = (part.strip() for part in reference.partition(":"))
        if kind == "emergency" and value not in EMERGENCY_SERVICES:
            return f"'emergency: {value}': write one of {', '.join(EMERGENCY_SERVICES)}"
        if kind == "section" and section_name(value) not in SECTIONS:
            return f"'section: {value}' is not a section of the site; write one of: {', '.join(SECTIONS)}"
    return None


def section_name(text: str) -> str:
    """'Tourism / Hotels', 'tourism>hotels', 'Hotels' -> 'Tourism/Hotels' (the spelling of SECTIONS when it
    is one; a subsection's name alone is enough, as no two areas share one)."""
    wanted = "/".join(part.strip().casefold() for part in re.split(r"[/>»]", text))
    return next((name for name in SECTIONS if wanted in (name.casefold(), name.split("/")[1].casefold())), text.strip())


def contains(reply: str, fact: str) -> bool:
    """The fact appears in the reply; a number ("110") only as a whole number, not inside a longer one."""
    fact, reply = folded(fact), folded(reply)
    if fact.isdigit():
        return re.search(rf"(?<!\d){fact}(?!\d)", reply) is not None
    return fact in reply


def _start(text: str) -> str:
    return " ".join(text.split())[:PREFIX_CHARS]


class UnknownReference(Exception):
    pass


class Facts:
    """The content files, read once, answering "which texts must a reply to this question contain"."""

    def __init__(self, now: datetime):
        self.now = now

    @cached_property
    def center(self):
        from bot.center.facts import live_center

        return live_center().load()

    @cached_property
    def faq(self):
        from bot.faq.content import live_faq

        return live_faq().load()

    @cached_property
    def catalogue(self):
        from bot.attractions.catalogue import live_catalogue

        return live_catalogue().load()

    @cached_property
    def news_titles(self) -> List[str]:
        """The titles of the articles bundled in data/news/, read by the news extractors."""
        from bot.news.article import Article
        from bot.news.sources import expand, read

        sources, _ = expand([str(settings().data_dir / "news")])
        return [item.title for source in sources for item in read(source) if isinstance(item, Article)]

    @cached_property
    def emergency_numbers(self) -> Dict[str, str]:
        """data/center.yml's top-level emergency_numbers: service -> number."""
        table = read_yaml(settings().data_dir / "center.yml").get("emergency_numbers")
        return {str(k): str(v) for k, v in table.items()} if isinstance(table, dict) else {}

    @cached_property
    def pages(self) -> List[Tuple[str, str]]:
        """(section, title) of every Markdown page under data/pages/, each title in every language given."""
        return [
            (section, title)
            for path in sorted((settings().data_dir / "pages").glob("**/*.md"))
            for section, title in page_titles(path)
        ]

    def section_titles(self, section: str) -> List[str]:
        titles = [title for name, title in self.pages if name == section]
        return titles + (self.news_titles if section == NEWS_SECTION else [])

    def alternatives(self, reference: str, question: Question) -> List[str]:
        """The texts of which a right answer contains at least one; UnknownReference if it resolves to none."""
        kind, _, value = (part.strip() for part in reference.partition(":"))
        resolve: Optional[Callable[[str, Question], List[str]]] = self._kinds().get(kind)
        if resolve is None:
            raise UnknownReference(f"unknown kind '{kind}' (one of {', '.join(self._kinds())})")
        found = [text for text in resolve(value, question) if text.strip()]
        if not found:
            raise UnknownReference(f"'{reference}' points to nothing in the content files")
        return found

    def _kinds(self) -> Dict[str, Callable[[str, Question], List[str]]]:
        return {
            "center": self._center,
            "faq": self._faq,
            "attraction": self._attraction,
            "attraction_category": self._category,
            "news_title": self._news_title,
            "emergency": self._emergency,
            "section": self._section,
            NO_CONTENT: self._no_content,
        }

    def _center(self, value: str, question: Question) -> List[str]:
        from bot.center.answers import common_values, hours_answer

        if value == "hours_at":
            return [hours_answer(self.center, question.language, question.text, self.now)]
        return [common_values(self.center, question.language).get(value, "")]

    def _faq(self, value: str, question: Question) -> List[str]:
        from bot.center.answers import common_values
        from bot.content.texts import fill

        entry = self.faq.get(value)
        if entry is None:
            return []
        return [_start(fill(entry.answer, question.language, common_values(self.center, question.language)))]

    def _attraction(self, value: str, question: Question) -> List[str]:
        place_id, _, field_name = value.partition(".")
        place = self.catalogue.get(place_id)
        if place is None:
            return []
        if not field_name:
            return [place.name(question.language)]
        text = place.texts.get(field_name)
        return [_start(text[question.language])] if text else []

    def _category(self, value: str, question: Question) -> List[str]:
        if value not in self.catalogue.categories:
            return []
        return [place.name(question.language) for place in self.catalogue.in_category(value)]

    def _news_title(self, value: str, question: Question) -> List[str]:
        return [value] if any(contains(title, value) for title in self.news_titles) else []

    def _emergency(self, value: str, question: Question) -> List[str]:
        number = self.emergency_numbers.get(value)
        return [number] if number else []

    def _section(self, value: str, question: Question) -> List[str]:
        return self.section_titles(section_name(value))

    def _no_content(self, value: str, question: Question) -> List[str]:
        return [NO_CONTENT]  # nothing to contain: the scorer wants an honest reply

    def problems(self, eval_set: EvalSet, filename: str = str(EVAL_FILE)) -> List[Problem]:
        """Every reference that does not resolve, with its line."""
        found = []
        for question in eval_set.questions:
            for reference in question.expect:
                try:
                    self.alternatives(reference, question)
                except UnknownReference as error:
                    found.append(Problem(filename, question.line, str(error)))
        return found

    def answered(self, question: Question, reply: str) -> bool:
        """True when the reply contains every fact the question expects (any one of its alternatives)."""
        if not question.has_content:
            return False
        try:
            return all(
                any(contains(reply, text) for text in self.alternatives(reference, question))
                for reference in question.expect
            )
        except UnknownReference:  # nothing to contain (reported by problems()): no reply has it
            return False


def page_titles(path: Path) -> List[Tuple[str, str]]:
    """(section, title) from a page's front matter; the title may be one text or one per language."""
    lines = path.read_text(encoding="utf-8").lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        return []
    end = next(i for i, line in enumerate(lines[1:], 1) if line.strip() == "---")
    meta = parse_yaml("\n".join(lines[1:end]), str(path))
    if not isinstance(meta, dict) or not meta.get("title") or not meta.get("section"):
        return []
    titles = meta["title"].values() if isinstance(meta["title"], dict) else [meta["title"]]
    return [(section_name(str(meta["section"])), str(title)) for title in titles if str(title).strip()]


def training_texts() -> List[str]:
    """Every NLU example the model is trained on (data/ and what bot.training generates) and every
    question in data/faq.yml, read the way `rasa train` reads them (the importer in config.yml)."""
    from bench.nlu_cv import project_nlu_data
    from bot.faq.content import live_faq

    texts = [m.get("text") for m in project_nlu_data().training_examples if m.get("text")]
    texts += [wording for entry in live_faq().load().entries for _, wording in entry.all_questions()]
    return texts


def content_titles() -> List[str]:
    """The titles of the center's pages (data/pages/) and bundled news, which a visitor's message that
    nearly copies is answered from whatever the model says: a question copying one measures nothing."""
    facts = Facts(datetime.now())
    return [title for _, title in facts.pages] + facts.news_titles


def near_copies(
    questions: Sequence[Question], texts: Sequence[str], threshold: float
) -> List[Tuple[Question, str, float]]:
    """Questions whose wording is within ``threshold`` (rapidfuzz ratio, 0-100) of a training text."""
    from rapidfuzz import fuzz, process

    choices = [wording_key(t) for t in texts]  # punctuation and spacing make no new question
    found = []
    for question in questions:
        match = process.extractOne(wording_key(question.text), choices, scorer=fuzz.ratio, score_cutoff=threshold)
        if match:
            found.append((question, texts[match[2]], match[1]))
    return found
