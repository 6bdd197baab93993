"""Business news: articles read from pages, Markdown files and feeds, kept in a SQLite FTS5 index,
and found again for visitors who ask for the latest news, news about a topic, or news from a time.

Modules, in the order an article travels:
  sources     which files, folders and URLs to read, and which extractor reads each
  textpage, htmlpage, markdownpage, feed   one extractor per format, each returning Articles
  dates       publish dates as pages write them ("May 22, 2021Byiqingdao")
  article     the Article record, its content key (for duplicates) and its summary
  ingest      an ingestion run: extract, index, count added/updated/unchanged/failed
  bundled     data/news/ indexed when the assistant starts with an empty index
  index       the SQLite FTS5 index (BM25 ranking, WAL, one transaction per batch)
  words       Chinese segmentation (Jieba's, through rjieba) before indexing and searching
  period, query   what a visitor's question asks for: a topic, a period, how many
  replies, answers   the visitor's answer, worded by data/news_replies.yml
"""
