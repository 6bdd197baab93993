"""The pages and news page: the indexed pages newest first, by section, or found for a visitor's question
with the assistant's own search (`qicc pages search`, so staff see what a visitor would get); Remove; and
Ingest, from uploaded files or a web address, run in the background (bot/console/index_writer.py) with a
job page that shows what became of each page."""

from __future__ import annotations

import asyncio
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, List, Optional, Tuple
from urllib.parse import parse_qsl, urlencode, urlsplit

from aiohttp import web
from aiohttp.web_request import FileField

from bot.console.index_writer import IndexWriter
from bot.console.web import MAX_BODY, MAX_BODY_MB, PREFIX, redirect, render, staff, stores, t
from bot.limits import printable
from bot.news.index import Found
from bot.news.sources import FORMATS, Source, is_url, private_address
from bot.news.index import pages_index
from bot.pages.answers import source_of
from bot.pages.search import find_pages
from bot.pages.sections import SECTIONS, parse_section, section_key

routes = web.RouteTableDef()
PAGE = f"{PREFIX}/pages"
PER_PAGE = 50  # newest first, then Older
MAX_NAME = 120  # of an uploaded file's name, which becomes the page's source


def _writer(request: web.Request) -> IndexWriter:
    return stores(request).index_writer


def _section(name: str) -> Optional[str]:
    """The section the form chose ("" for every section, or each page's own)."""
    return parse_section(name) if name in SECTIONS else None


def _section_names(request: web.Request) -> Callable[[str], str]:
    """A section's name in the page's language (a name the menu does not have as it is)."""
    return lambda name: t(request, section_key(name)) if name in SECTIONS else name


async def _page(request: web.Request, status: int = 200, **extra) -> web.Response:
    """The list (or the search's answer) under the ingest form; a refused ingest shows its error here."""
    query, section = request.query.get("q", "").strip(), _section(request.query.get("section", ""))
    number = max(1, int(request.query["page"])) if request.query.get("page", "").isdigit() else 1
    index = pages_index()
    rows: List[Tuple[Found, Optional[float]]]  # a page and how well it fits the question, when searched
    if query:  # in a thread: the first search loads the word lists
        matches = await asyncio.get_running_loop().run_in_executor(
            None, find_pages, index, query, request["lang"], section
        )
        rows, total = [(match.page, match.score) for match in matches], len(matches)
    else:
        rows = [(found, None) for found in index.latest(PER_PAGE, (number - 1) * PER_PAGE, section=section)]
        total = index.count(section)
    return render(
        request,
        "pages.html",
        status=status,
        rows=rows,
        total=total,
        query=query,
        section=section,
        sections=SECTIONS,
        section_name=_section_names(request),
        number=number,
        per_page=PER_PAGE,
        source_of=source_of,
        formats=", ".join(FORMATS),
        mb=MAX_BODY_MB,
        max_bytes=MAX_BODY,
        jobs=_writer(request).recent(),
        back=request.path_qs,
        **extra,
    )


@routes.get(PAGE)
async def pages(request: web.Request) -> web.Response:
    return await _page(request)


def _file_name(filename: str) -> str:
    """An uploaded file's own name, without the folders some browsers send."""
    return printable(re.split(r"[/\\]", filename)[-1]).strip()[-MAX_NAME:]


def _size(upload: FileField) -> int:
    upload.file.seek(0, 2)
    size = upload.file.tell()
    upload.file.seek(0)
    return size


async def _refused_url(request: web.Request, url: str) -> Optional[str]:
    """Why the console does not read ``url``: not a web address, or one on this server or its network."""
    host = urlsplit(url).hostname if is_url(url) else None
    if not host:
        return t(request, "ingest_bad_url")
    address = await asyncio.get_running_loop().run_in_executor(None, private_address, host)
    return t(request, "ingest_local_url", host=host, address=address) if address else None


def _copies(uploads: List[FileField]) -> Tuple[Path, List[Source]]:
    """The uploads in a temporary folder (the job removes it), each the page of its own name."""
    folder = Path(tempfile.mkdtemp(prefix="qicc-upload-"))
    sources = []
    for number, upload in enumerate(uploads):
        name = _file_name(upload.filename)
        copy = folder / f"{number}{Path(name).suffix.lower()}"
        with copy.open("wb") as out:
            shutil.copyfileobj(upload.file, out)
        sources.append(Source(str(copy), name=name))
    return folder, sources


@routes.post(f"{PAGE}/ingest")
async def start_ingest(request: web.Request) -> web.Response:
    posted = await request.post()
    uploads = [f for f in posted.getall("files", []) if isinstance(f, FileField) and _file_name(f.filename)]
    url = str(posted.get("url", "")).strip()
    names = [_file_name(upload.filename) for upload in uploads]
    wrong = [name for name in names if Path(name).suffix.lower() not in FORMATS]
    error = None
    if not uploads and not url:
        error = t(request, "ingest_nothing")
    elif wrong:
        error = t(request, "ingest_wrong_type", files=", ".join(wrong), formats=", ".join(FORMATS))
    elif sum(_size(upload) for upload in uploads) > MAX_BODY:
        error = t(request, "too_large", mb=MAX_BODY_MB)
    elif url:
        error = await _refused_url(request, url)
    if error:
        return await _page(request, status=422, error=error, url=url)
    folder, sources = _copies(uploads) if uploads else (None, [])
    job = _writer(request).start(staff(request).name, sources, url, _section(str(posted.get("section", ""))), folder)
    raise redirect(f"{PAGE}/ingest/{job.id}")


@routes.get(f"{PAGE}/ingest/{{job_id}}")
async def job_page(request: web.Request) -> web.Response:
    job = _writer(request).get(request.match_info["job_id"])
    if job is None:  # an old one, or the console restarted since (what the job wrote is in the list)
        return render(request, "message.html", status=404, message=t(request, "job_unknown"))
    return render(request, "pages_job.html", job=job, section_name=_section_names(request))


def _back(posted_back: str) -> str:
    """The list as it was (its section, search, page), with the notice that the page is removed."""
    parts = urlsplit(posted_back)
    query = dict(parse_qsl(parts.query)) if parts.path == PAGE else {}
    return f"{PAGE}?{urlencode({**query, 'done': 'page_removed'})}"


@routes.post(f"{PAGE}/{{id:\\d+}}/remove")
async def remove(request: web.Request) -> web.Response:
    posted = await request.post()
    found = await asyncio.wrap_future(_writer(request).remove(int(request.match_info["id"]), staff(request).name))
    if found is None:
        raise web.HTTPNotFound()
    raise redirect(_back(str(posted.get("back", ""))))
