"""The article record every extractor returns, and what is derived from it.

``content_key`` recognises the same article read twice (from another file or folder) even when
spacing or letter case differ; ``summary`` gives the one or two sentences a visitor sees.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from typing import List, Optional, Sequence

import lxml.html

from bot.language import HAN_CLASS, HAN_RUN, folded

SUMMARY_SENTENCES = 2
SUMMARY_MAX_CHARS = 320

# A sentence ends at . ! ? (followed by a space) or at Chinese 。！？; "Dr." style abbreviations are rare in news
# summaries and only make a summary one sentence shorter.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(" + HAN_CLASS + r"])|(?<=[。！？])")
_SPACES = re.compile(r"\s+")
# A line break inside a paragraph (Markdown wraps its lines): nothing between two Chinese characters, a space
# elsewhere.
_HAN_WRAP = re.compile(f"(?<=[{HAN_CLASS}，。；：！？、）])[ \t]*\n[ \t]*(?=[{HAN_CLASS}（])")
_LATIN = re.compile(r"[A-Za-z]")


class ExtractError(Exception):
    """A file or entry cannot become an article; the message says why and what to fix."""


@dataclass(frozen=True)
class Article:
    title: str
    published: date
    body: str
    source: str  # the file path or URL it was read from
    origin: str  # its identity: its own URL if it has one, else the source (plus the entry in a feed)
    byline: str = ""
    category: str = ""
    summary: str = ""  # given by the author (front matter, feed); else taken from the body
    url: str = ""  # the article's web address, shown to visitors when there is one
    section: str = ""  # "Area/Sub" of the site's menu (bot/pages/sections.py); "" when the page names none
    lang: str = ""  # "en" or "zh"; "" to tell from the text
    keywords: str = ""  # words visitors use for what the page is about (searched like its title)

    @property
    def language(self) -> str:
        return self.lang or language_of(f"{self.title}\n{self.body[:500]}")

    def __post_init__(self) -> None:
        if not self.title.strip():
            raise ExtractError("no title found; give the article a title")
        if not self.body.strip():
            raise ExtractError("the article has no text")

    @property
    def content_key(self) -> str:
        return content_key(self.title, self.body)

    def short_summary(self) -> str:
        return self.summary.strip() or summarise(self.body)


def language_of(text: str) -> str:
    """ "zh" when a fair share of the letters are Chinese characters, else "en"."""
    han = sum(len(run) for run in HAN_RUN.findall(text))
    # A Chinese word is two characters, an English one about five letters.
    return "zh" if han and han * 3 >= len(_LATIN.findall(text)) else "en"


def content_key(title: str, body: str) -> str:
    return hashlib.sha256(f"{folded(title)}\n{folded(body)}".encode("utf-8")).hexdigest()


def summarise(body: str) -> str:
    """The first one or two sentences of the text (headings skipped), at most SUMMARY_MAX_CHARS."""
    paragraphs = [p.strip() for p in body.split("\n") if len(p.strip()) > 40] or [body.strip()]
    # Only the start of a paragraph can hold the summary; splitting all of a long one costs time at ingest.
    sentences = [s for p in paragraphs[:SUMMARY_SENTENCES] for s in split_sentences(p[: SUMMARY_MAX_CHARS * 2])]
    return join_sentences(sentences)


def split_sentences(text: str) -> List[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


def join_sentences(sentences: Sequence[str]) -> str:
    """Up to SUMMARY_SENTENCES of ``sentences``, at most SUMMARY_MAX_CHARS (cut at a word, with "…")."""
    summary = ""
    for sentence in sentences[:SUMMARY_SENTENCES]:
        candidate = summary + sentence if not summary or _is_chinese_end(summary) else f"{summary} {sentence}"
        if summary and len(candidate) > SUMMARY_MAX_CHARS:
            break
        summary = candidate
    if len(summary) > SUMMARY_MAX_CHARS:
        summary = summary[:SUMMARY_MAX_CHARS].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return summary


def _is_chinese_end(text: str) -> bool:
    return text.endswith(("。", "！", "？"))


def _unwrapped(text: Optional[str]) -> Optional[str]:
    return _HAN_WRAP.sub("", text).replace("\n", " ") if text else text


def html_to_text(html: str) -> str:
    """Visible text of an HTML fragment (a feed entry, rendered Markdown), one paragraph a line."""
    if not html.strip():
        return ""
    if "<" not in html:
        return html.strip()
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if isinstance(element.tag, str):  # not a comment
            element.text, element.tail = _unwrapped(element.text), _unwrapped(element.tail)
    for element in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote"):
        element.tail = "\n" + (element.tail or "")
    lines = (_SPACES.sub(" ", line).strip() for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)
