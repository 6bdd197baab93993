"""The pages and news page over HTTP: an uploaded file is ingested in the background and found as the
assistant finds it, a file that cannot be read is reported with why, other file types and local web
addresses are refused, a page is removed; each change is in the history."""

from __future__ import annotations

import re
from html import escape
import socket
import time

import pytest
import requests

from bot.console.web import MAX_BODY, SESSION_COOKIE
from tests.console_server import EN, csrf_of, qicc

pytestmark = pytest.mark.slow  # a staff console server per module (make check skips them)

KITES = """---
title: Harbour Kite Festival
date: 2024-04-20
section: Culture/Festival
keywords: kites, kite festival
---
Every April hundreds of kites fly over the harbour at the Qingdao kite festival, with workshops for children.
"""


def upload(client, console, files, **fields):
    """The ingest form sent with ``files`` (name, text); the response after its redirect."""
    token = csrf_of(client.get(f"{console.url}/pages").text)
    return client.post(
        f"{console.url}/pages/ingest",
        data={"csrf_token": token, "section": "", **fields},
        files=[("files", (name, text.encode("utf-8") if isinstance(text, str) else text)) for name, text in files],
    )


def finished(client, job_page):
    """The job page once its run has ended."""
    deadline = time.monotonic() + 60
    while True:
        page = client.get(job_page.url)
        state = re.search(r'data-job-state="(\w+)"', page.text).group(1)
        if state in ("done", "failed"):
            return page.text
        assert time.monotonic() < deadline, "the ingest did not end"
        time.sleep(0.3)


def outcome_of(job_html, name):
    """The (result, why) rows of the file ``name`` on the job page."""
    rows = re.findall(r'<tr class="(\w+)"><td class="source">([^<]*)</td>.*?<td>([^<]*)</td></tr>', job_html, re.S)
    return [(result, why) for result, source, why in rows if source == name]


def search(console, words):
    return qicc(console.env, "pages", "search", words).stdout


def test_pages_and_jobs_are_for_signed_in_staff_only(console):
    for response in (
        requests.post(f"{console.url}/pages/ingest", files=[("files", ("a.md", b"x"))]),
        requests.post(f"{console.url}/pages/1/remove"),
    ):
        assert response.status_code == 401
    client = console.login("bo")
    forged = client.post(f"{console.url}/pages/ingest", files=[("files", ("kites.md", KITES.encode()))])
    assert forged.status_code == 403 and "Harbour Kite Festival" not in search(console, "kite festival")


def test_an_uploaded_file_is_ingested_found_as_the_assistant_finds_it_and_removed(console):
    client = console.login("bo")
    job = upload(client, console, [("kites.md", KITES)])
    assert job.status_code == 200 and "/staff/pages/ingest/" in job.url
    html = finished(client, job)
    assert outcome_of(html, "kites.md") == [("added", "")] and EN["result_added"] in html
    assert "Harbour Kite Festival" in html and "Pages added: 1," in html
    listing = client.get(f"{console.url}/pages").text
    assert "Harbour Kite Festival" in listing and "Culture/Festival" in listing and "kites.md" in listing
    assert "Harbour Kite Festival" in client.get(f"{console.url}/pages", params={"q": "kite festival"}).text
    assert "Harbour Kite Festival" in search(console, "is there a kite festival")
    # uploaded again: the same page, skipped
    again = finished(client, upload(client, console, [("kites.md", KITES)]))
    assert outcome_of(again, "kites.md") == [("unchanged", EN["unchanged_why"])]

    page_id = re.search(r'action="/staff/pages/(\d+)/remove"', listing).group(1)
    removed = client.post(
        f"{console.url}/pages/{page_id}/remove",
        data={"csrf_token": csrf_of(listing), "back": "/staff/pages?section=Culture/Festival"},
    )
    assert removed.status_code == 200 and "/staff/pages?section=Culture" in removed.url  # back where it was
    assert removed.url.endswith("done=page_removed")
    assert EN["page_removed"] in removed.text and "Harbour Kite Festival" not in removed.text
    assert "Harbour Kite Festival" not in search(console, "is there a kite festival")
    history = client.get(f"{console.url}/history").text
    assert "ingested kites.md: 1 added" in history and "removed the page &#39;Harbour Kite Festival&#39;" in history
    change = re.search(r'href="(/staff/history/\d+)">', history).group(1)  # the newest: the removal
    shown = client.get(console.url.replace("/staff", "") + change).text
    assert "- 2024-04-20 [Culture/Festival] Harbour Kite Festival (kites.md)" in shown
    assert f"<h1>{escape(EN['nav_pages'])} #" in shown
    assert EN["restore"] not in console.login("ada").get(console.url.replace("/staff", "") + change).text


def test_a_file_that_cannot_be_read_is_reported_with_why_and_the_others_are_ingested(console):
    client = console.login("bo")
    html = finished(
        client,
        upload(
            client,
            console,
            [
                ("broken.md", "Just text, no front matter.\n"),
                ("no-section.md", KITES.replace("section: Culture/Festival\n", "")),
                ("binary.html", b"\x89PNG\r\n\x1a\n\x00\x00"),
                ("port.txt", "Port Grows\n2024-03-01\nQingdao port handled more containers than ever before.\n"),
            ],
        ),
    )
    (broken,) = outcome_of(html, "broken.md")
    assert broken[0] == "failed" and "no front matter" in broken[1]
    (no_section,) = outcome_of(html, "no-section.md")
    assert no_section[0] == "failed" and "no section" in no_section[1] and "choose its section" in no_section[1]
    assert [row[0] for name in ("binary.html", "port.txt") for row in outcome_of(html, name)] == ["failed"] * 2
    # with the section chosen in the form, the pages that name none are filed under it
    chosen = finished(
        client,
        upload(
            client,
            console,
            [("port.txt", "Port Grows\n2024-03-01\nQingdao port grew.\n")],
            section="Business/Business News",
        ),
    )
    assert outcome_of(chosen, "port.txt") == [("added", "")]
    assert (
        "Business/Business News"
        in client.get(f"{console.url}/pages", params={"section": "Business/Business News"}).text
    )


def test_other_file_types_too_much_and_local_addresses_are_refused_with_why(console):
    client = console.login("bo")
    docx = upload(client, console, [("notes.docx", b"PK\x03\x04"), ("kites.md", KITES)])
    assert docx.status_code == 422 and "notes.docx" in docx.text and ".txt, .html" in docx.text
    nothing = upload(client, console, [])
    assert nothing.status_code == 422 and EN["ingest_nothing"] in nothing.text
    big = upload(client, console, [("a.txt", b"a" * 11 * 2**20), ("b.txt", b"b" * 11 * 2**20)])
    assert big.status_code == 422 and EN["too_large"].format(mb="20") in big.text
    for url, why in (
        ("http://127.0.0.1:9/admin", "127.0.0.1"),
        ("http://localhost/", "127.0.0.1"),
        ("ftp://example.org/a.html", EN["ingest_bad_url"]),
    ):
        refused = upload(client, console, [], url=url)
        assert refused.status_code == 422 and why in refused.text, url
    assert "Harbour Kite Festival" not in search(console, "kite festival")


def test_one_file_past_the_limit_is_refused_in_words_while_it_is_sent(console):
    client = console.login("bo")
    host, port = console.url.split("//")[1].split("/")[0].split(":")
    head = (
        b'--b\r\nContent-Disposition: form-data; name="files"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n'
    )
    chunk = b"a" * 65536
    # Chunks just past the limit and no end: a client still sending after the 413 could meet a reset instead.
    body = b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in [head, *[chunk] * (MAX_BODY // len(chunk) + 2)])
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(
            f"POST /staff/pages/ingest HTTP/1.1\r\nHost: {host}:{port}\r\n"
            f"Cookie: {SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
            + body
        )
        answer = connection.makefile("rb")
        status = answer.readline()
        headers = list(iter(answer.readline, b"\r\n"))
        length = next(int(line.split(b":")[1]) for line in headers if line.lower().startswith(b"content-length:"))
        text = answer.read(length).decode("utf-8")
    assert status.split()[1] == b"413" and EN["too_large"].format(mb="20") in text
