"""An ingestion run: read every source, put each article into the index in one transaction, and count
what happened. Used by `qicc news ingest` and by the start-up indexing of the bundled articles."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterable, List, Sequence

from bot.news.article import Article
from bot.news.index import DuplicateText, NewsIndex
from bot.news.sources import Failure, Source, expand, read

# Wraps the list of sources to show progress (tqdm in the CLI); the default shows nothing.
Progress = Callable[[Sequence[Source]], Iterable[Source]]


@dataclass
class Summary:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: List[Failure] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def line(self) -> str:
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{len(self.failed)} failed")


def ingest(index: NewsIndex, locations: Iterable[str], progress: Progress = lambda sources: sources) -> Summary:
    sources, failures = expand(locations)
    summary = Summary(failed=failures)
    with index.batch() as batch:
        for source in progress(sources):
            for item in read(source):
                if isinstance(item, Failure):
                    summary.failed.append(item)
                    continue
                try:
                    summary.count(batch.put(item))
                except DuplicateText as error:
                    summary.failed.append(Failure(item.source, str(error)))
    return summary


def ingest_articles(index: NewsIndex, articles: Iterable[Article]) -> Summary:
    """Articles already extracted (the benchmark's synthetic ones), in one transaction."""
    summary = Summary()
    with index.batch() as batch:
        for article in articles:
            summary.count(batch.put(article))
    return summary

