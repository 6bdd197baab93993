"""The pages shipped with the assistant, indexed when it starts: data/news/ (business news) when the index
has no business news, data/pages/ (every other section) when no page of it is in the index yet. A new
installation, an index from before pages had sections, and every test run thus answer at once; afterwards
staff use `qicc pages ingest` (one quick query per folder at start-up)."""

from __future__ import annotations

import logging

from bot.news.index import open_index
from bot.pages.sections import NEWS
from bot.settings import Settings

log = logging.getLogger(__name__)


def index_bundled_pages(config: Settings) -> None:
    index = open_index(str(config.news_index), config.database_url, config.reload_interval)
    news, pages = config.data_dir / "news", config.data_dir / "pages"
    folders = []
    if news.is_dir() and index.is_empty(NEWS):
        folders.append(news)
    if pages.is_dir() and not index.has_source_in(pages):
        folders.append(pages)
    if not folders:
        return
    from bot.news.ingest import ingest  # the extractors' libraries load only when there is work for them

    for folder in folders:
        # News files name no section; a page that names none is reported rather than filed under news.
        summary = ingest(index, [str(folder)], default_section=NEWS if folder == news else None)
        log.info("Index %s: bundled pages of %s: %s", index.path, folder.name, summary.line())
        for failure in summary.failed:
            log.warning("  failed: %s", failure)
