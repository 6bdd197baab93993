"""The articles shipped in data/news/, indexed when the assistant starts with an empty index, so that a
new installation (and every test run) answers news questions at once."""
from __future__ import annotations

import logging

from bot.news.index import open_index
from bot.settings import Settings

log = logging.getLogger(__name__)


def index_bundled_news(config: Settings) -> None:
    """Index data/news/ when the index has no article; one quick query otherwise."""
    index = open_index(str(config.news_index))
    folder = config.data_dir / "news"
    if not index.is_empty() or not folder.is_dir():
        return
    from bot.news.ingest import ingest  # the extractors' libraries load only when there is work for them

    summary = ingest(index, [str(folder)])
    log.info("News index %s was empty: bundled articles: %s", index.path, summary.line())
    for failure in summary.failed:
        log.warning("  failed: %s", failure)
