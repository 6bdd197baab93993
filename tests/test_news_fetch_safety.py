"""Ingesting from the web never reads this machine's files or services on a page's say-so."""

from __future__ import annotations

import http.server
import threading

import pytest

from bot.news.article import ExtractError
from bot.news.feed import extract_feed
from bot.news.sources import Source, read

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Local</title>
<item><title>A local secret</title><link>http://example.org/a</link><pubDate>Tue, 05 Mar 2024 00:00:00 GMT</pubDate>
<description>Only on this machine, never for visitors to see.</description></item></channel></rss>"""


def test_a_feed_body_that_is_a_file_path_is_not_that_file(tmp_path):
    local = tmp_path / "local.xml"
    local.write_text(FEED, encoding="utf-8")
    assert list(extract_feed(FEED.encode(), "feed"))  # the fixture is a readable feed
    with pytest.raises(ExtractError):
        list(extract_feed(str(local).encode(), "https://feeds.example.org/news.xml"))


@pytest.fixture
def redirector():
    targets = {
        "/to-metadata": "http://169.254.169.254/latest/meta-data/",
        "/to-file": "file:///etc/passwd",
        "/to-localhost": "http://localhost:9/admin",
        "/to-private": "http://10.1.2.3/",
        "/same-host": "/page.html",
    }

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path in targets:
                self.send_response(302)
                self.send_header("Location", targets[self.path])
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(
                b"<html><head><title>Port news</title></head><body><article><h1>Port news</h1>"
                b"<p>Qingdao Port handled more containers this year than ever before.</p>"
                b"<p>Published 2024-03-05.</p></article></body></html>"
            )

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.mark.parametrize(
    "path, why",
    [
        ("/to-metadata", "169.254.169.254"),
        ("/to-file", "file"),
        ("/to-localhost", "127.0.0.1"),
        ("/to-private", "10.1.2.3"),
    ],
)
def test_redirects_to_private_addresses_and_other_schemes_are_refused(redirector, path, why):
    (failure,) = list(read(Source(redirector + path, is_url=True)))
    assert why in failure.reason and ("refused" in failure.reason or "not allowed" in failure.reason)


def test_a_redirect_on_the_same_host_is_followed(redirector):
    (article,) = list(read(Source(redirector + "/same-host", is_url=True)))
    assert "Qingdao Port" in article.body
