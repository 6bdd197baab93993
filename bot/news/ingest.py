"""An ingestion run: read every source, put each article into the index in one transaction, and count
what happened. Used by `qicc news ingest`, `qicc pages ingest`, the staff console's ingest page and the
start-up indexing of the bundled articles."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable, Iterable, List, Optional, Sequence, Union

from bot.news.article import Article
from bot.news.index import DuplicateText, NewsIndex
from bot.news.sources import Failure, Source, expand, read
from bot.pages.sections import NEWS, describe_sections

# Wraps the list of sources to show progress (tqdm in the CLI); the default shows nothing.
Progress = Callable[[Sequence[Source]], Iterable[Source]]


@dataclass(frozen=True)
class Outcome:
    """What became of one page read (or of a source that gave none), as it happens: the console shows each
    while the run goes on, before the batch is committed."""

    source: str  # the file or web address, as Source.label names it
    result: str  # added, updated, unchanged or failed
    title: str = ""  # the page's title; for a failed feed entry, which entry
    reason: str = ""  # why it failed


# Hears each Outcome; the default hears nothing.
Report = Callable[[Outcome], None]


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: List[Failure] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def line(self) -> str:
        return f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, {len(self.failed)} failed"


def ingest(
    index: NewsIndex,
    locations: Iterable[Union[str, Source]],
    progress: Progress = lambda sources: sources,
    section: Optional[str] = None,
    default_section: Optional[str] = NEWS,
    report: Report = lambda outcome: None,
) -> Summary:
    """``section``: every page's section, whatever the page says; ``default_section``: the section of the
    pages that name none (front matter, navigation trail, web address); with None such a page fails."""
    sources, failures = expand(locations)
    summary = Summary(failed=failures)
    for failure in failures:
        report(Outcome(failure.label, "failed", reason=failure.reason))
    with index.batch() as batch:
        for source in progress(sources):
            for item in read(source):
                if isinstance(item, Article):
                    item = with_section(item, section or item.section or default_section)
                if isinstance(item, Failure):
                    summary.failed.append(item)
                    entry = item.label if item.label != source.label else ""
                    report(Outcome(source.label, "failed", entry, item.reason))
                    continue
                try:
                    result = batch.put(item)
                except DuplicateText as error:
                    summary.failed.append(Failure(item.source, str(error)))
                    report(Outcome(source.label, "failed", item.title, str(error)))
                    continue
                summary.count(result)
                report(Outcome(source.label, result, item.title))
    return summary


def with_section(article: Article, section: Optional[str]) -> Union[Article, Failure]:
    """The article filed under ``section``, or a Failure telling staff how to give it one."""
    if not section:
        return Failure(
            article.source,
            "no section: add 'section:' to its front matter (e.g. Tourism/Hotels) or "
            "ingest it with --section (in the staff console: choose its section); "
            f"sections: {describe_sections()}",
        )
    return replace(article, section=section)


def ingest_articles(index: NewsIndex, articles: Iterable[Article]) -> Summary:
    """Articles already extracted (the benchmark's synthetic ones), in one transaction; business news
    unless they name their section."""
    summary = Summary()
    with index.batch() as batch:
        for article in articles:
            summary.count(batch.put(replace(article, section=article.section or NEWS)))
    return summary
