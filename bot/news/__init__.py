"""Business news: articles read from pages, Markdown files and feeds, kept in a SQLite FTS5 index,
and found again for visitors who ask for the latest news, news about a topic, or news from a time.

Modules, in the order an article travels:
  sources     which files, folders and URLs to read, and which extractor reads each
  textpage, htmlpage, markdownpage, feed   one extractor per format, each returning Articles
  article     the Article record, its content key (for duplicates) and its summary
  ingest      an ingestion run: extract, index, count added/updated/unchanged/failed
  index       the SQLite FTS5 index (BM25 ranking, WAL, one transaction per batch)
  period, query   what a visitor's question asks for: a topic, a period, how many
  answers     the visitor's answer from the replies in data/news_replies.yml
"""
