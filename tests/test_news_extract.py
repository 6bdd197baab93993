"""Each input format gives the right fields: text pages, HTML, Markdown with front matter, RSS and Atom."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.news.article import ExtractError
from bot.news.feed import EntryFailure, extract_feed
from bot.news.htmlpage import extract_html_page
from bot.news.markdownpage import extract_markdown
from bot.news.sources import Failure, Source, read
from bot.news.textpage import extract_text_page
from bot.settings import ROOT

SEED = ROOT / "data" / "news" / "iqingdao-business-news-2021-05-22.txt"


@pytest.fixture(scope="module")
def seed():
    return extract_text_page(SEED.read_text(encoding="utf-8"), str(SEED))


def test_seed_page_title_date_and_byline(seed):
    assert seed.title == "Led by Mayor, Qingdao Held a Series of Conference for Building the First- Class City"
    assert seed.published == date(2021, 5, 22)
    assert seed.byline == "iqingdao"
    assert seed.category == "Business News"
    assert seed.source == str(SEED)


def test_seed_page_body_has_the_article_without_navigation_or_footer(seed):
    assert seed.body.startswith("On May 21, the first meeting of Qingdao Private Economy")
    assert "A Smarter Way to Build Smart Cities" in seed.body
    assert seed.body.endswith("(By Fanying)")  # the author's credit is part of the article
    for footer in (
        "0532-68873099",
        "Monday - Friday",
        "Policies & Regulations",
        "Entrance tickets",
        "Shinan District",
        "HOMEBusiness",
        "May 22, 2021Byiqingdao",
    ):
        assert footer not in seed.body


def test_seed_summary_is_its_first_two_sentences(seed):
    summary = seed.short_summary()
    assert summary.startswith("On May 21, the first meeting")
    assert summary.endswith("build Qingdao as the first-class city.")


def test_a_hand_written_text_page_without_footer_keeps_all_its_lines():
    page = "Port Volume Grows\n2024-03-01\nThe port handled more containers.\nIt plans a new berth\n"
    article = extract_text_page(page, "port.txt")
    assert (article.title, article.published) == ("Port Volume Grows", date(2024, 3, 1))
    assert article.body == "The port handled more containers.\nIt plans a new berth"


def test_a_text_page_without_a_date_says_what_to_add():
    with pytest.raises(ExtractError, match="date"):
        extract_text_page("A title\n\nSome text without any date at all.", "x.txt")


HTML_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8">
<title>Port news | Example site</title>
<meta property="article:published_time" content="2024-03-01T10:00:00+08:00">
<meta name="author" content="Li Na">
<meta property="article:section" content="Port &amp; Logistics">
<link rel="canonical" href="https://news.example.org/port-volume.html">
</head><body>
<nav><ul><li><a href="/">HOME</a></li><li><a href="/b">Business</a></li><li><a href="/n">Business News</a></li></ul></nav>
<article><h1>Qingdao Port Handles More Containers</h1>
<p>Qingdao Port handled more containers in the first two months of the year than a year before, the port
operator said on Friday. Trade with Korea and Japan grew fastest.</p>
<p>A new automated berth is planned for next year, which will let the terminal work around the clock.</p>
</article>
<footer><p>Qingdao International Community Center</p><p>(+86) 0532-68873099</p>
<ul><li>Tourism</li><li>Hotels</li><li>Dining</li></ul></footer>
</body></html>"""


def test_html_page_metadata_and_text_without_boilerplate():
    article = extract_html_page(HTML_PAGE, "port.html")
    assert article.title == "Qingdao Port Handles More Containers"
    assert article.published == date(2024, 3, 1)
    assert article.byline == "Li Na"
    assert article.category == "Port & Logistics"
    assert article.url == article.origin == "https://news.example.org/port-volume.html"
    assert article.body.startswith("Qingdao Port handled more containers")
    assert "automated berth" in article.body
    for boilerplate in ("HOME", "0532-68873099", "Hotels", "Business News"):
        assert boilerplate not in article.body


def test_html_page_with_the_date_line_of_the_center_site():
    html = (
        "<html><body><div class='main'><h1>Led by Mayor</h1><p>May 22, 2021Byiqingdao</p><p>On May 21, the first "
        "meeting of the leading group was held in the city to discuss private economy and smart city "
        "construction for the whole year.</p></div></body></html>"
    )
    article = extract_html_page(html, "page.html")
    assert (article.published, article.byline) == (date(2021, 5, 22), "iqingdao")
    assert article.body.startswith("On May 21")


MARKDOWN = """---
title: "Free Trade Zone: New Rules"
date: 2023-06-15
author: Wang Fang
category: Free Trade Zone
url: https://news.example.org/ftz-rules
---
The **free trade zone** announced [new rules](https://example.org) for foreign investors. Registration
takes three days.

## Details

- fewer documents
- one window
"""


def test_markdown_front_matter_and_plain_text_body():
    article = extract_markdown(MARKDOWN, "ftz.md")
    assert article.title == "Free Trade Zone: New Rules"
    assert article.published == date(2023, 6, 15)
    assert (article.byline, article.category) == ("Wang Fang", "Free Trade Zone")
    assert article.url == article.origin == "https://news.example.org/ftz-rules"
    assert article.body.startswith("The free trade zone announced new rules for foreign investors.")
    assert "**" not in article.body and "](" not in article.body and "##" not in article.body
    assert "fewer documents" in article.body


def test_a_markdown_paragraph_wrapped_over_lines_is_one_line_of_the_body():
    """A passage answering a visitor is cut from the body's lines: a wrapped sentence must not be cut in two."""
    text = "---\ndate: 2023-06-15\n---\n# T\n\nChildren enter\nfree.\n\n儿童\n免票，学生\n半价。\n"
    assert extract_markdown(text, "t.md").body.split("\n") == ["Children enter free.", "儿童免票，学生半价。"]


def test_markdown_title_from_the_first_heading_and_origin_from_the_file():
    article = extract_markdown("---\ndate: 2023-06-15\n---\n# Port News\n\nThe port grew.\n", "/news/port.md")
    assert article.title == "Port News"
    assert article.body == "The port grew."
    assert article.origin == "/news/port.md"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("no front matter\n", "front matter"),
        ("---\ntitle: x\ndate: 2023-13-45\n---\ntext\n", "'date:'"),
        ("---\ntitle: [unclosed\ndate: 2023-01-01\n---\ntext\n", "line"),
        ("---\ntitle: Empty\ndate: 2023-01-01\n---\n\n", "no text"),
    ],
)
def test_markdown_problems_are_reported(text, problem):
    with pytest.raises(ExtractError, match=problem):
        extract_markdown(text, "bad.md")


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Feed</title><link>https://news.example.org/</link><description>d</description>
<item><title>Airport Opens New Cargo Route</title><link>https://news.example.org/cargo</link>
<pubDate>Mon, 04 Mar 2024 08:30:00 +0800</pubDate><author>Zhao Lei</author><category>Transport</category>
<description><![CDATA[<p>A new cargo route links Qingdao with Frankfurt. Flights run twice a week.</p>]]></description></item>
<item><title>Entry Without Date</title><link>https://news.example.org/nodate</link>
<description>No date here.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom feed</title><id>urn:x</id><updated>2024-03-05T00:00:00Z</updated>
<entry><title>Smart City Platform Launched</title><id>urn:smart</id>
<link href="https://news.example.org/smart-city"/><published>2024-03-05T01:00:00+08:00</published>
<updated>2024-03-05T01:00:00+08:00</updated><author><name>Chen Jie</name></author><category term="Smart City"/>
<summary>Short summary of the platform.</summary>
<content type="html">&lt;p&gt;The city launched a platform for public services. It connects 40 offices.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_entries_become_articles_and_an_entry_without_date_fails_alone():
    items = list(extract_feed(RSS.encode(), "feed.xml"))
    article, failure = items
    assert article.title == "Airport Opens New Cargo Route"
    assert article.published == date(2024, 3, 4)
    assert (article.byline, article.category) == ("Zhao Lei", "Transport")
    assert article.url == article.origin == "https://news.example.org/cargo"
    assert article.body == "A new cargo route links Qingdao with Frankfurt. Flights run twice a week."
    assert isinstance(failure, EntryFailure) and "Entry Without Date" in failure.label
    assert "date" in str(failure)


def test_atom_entry_keeps_its_own_day_and_its_summary():
    (article,) = extract_feed(ATOM.encode(), "atom.xml")
    # 01:00 in Qingdao is still the previous day in UTC: the day as published is kept.
    assert article.published == date(2024, 3, 5)
    assert article.title == "Smart City Platform Launched"
    assert (article.byline, article.category) == ("Chen Jie", "Smart City")
    assert article.body == "The city launched a platform for public services. It connects 40 offices."
    assert article.short_summary() == "Short summary of the platform."


def test_a_file_that_is_not_a_feed_is_a_failure_not_a_crash(tmp_path: Path):
    path = tmp_path / "broken.xml"
    path.write_bytes(b"\x00\x01 this is not xml <<<")
    (item,) = read(Source(str(path)))
    assert isinstance(item, Failure) and item.label == str(path)


def test_a_text_file_that_is_not_utf8_is_reported(tmp_path: Path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Café news\n2024-01-01\nTexte accentué.".encode("latin-1"))
    (item,) = read(Source(str(path)))
    assert isinstance(item, Failure) and "UTF-8" in item.reason


def test_every_bundled_article_is_readable_and_samples_say_so():
    folder = ROOT / "data" / "news"
    items = [item for path in sorted(folder.iterdir()) for item in read(Source(str(path)))]
    assert items and not [item for item in items if isinstance(item, Failure)]
    samples = [a for a in items if a.title.startswith(("Sample:", "示例："))]
    assert len(samples) == len(items) - 1  # all but the center's own page
    assert all("ample" in a.body or "示例" in a.body for a in samples)
