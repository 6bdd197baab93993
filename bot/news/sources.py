"""Where articles come from: files, folders (read recursively) and web addresses, each read by the
extractor of its format. A source that cannot be read becomes a Failure with the reason; it never
stops the others."""

from __future__ import annotations

import ipaddress
import logging
import socket
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple, Union
from urllib.parse import urlsplit

from bot.news.article import Article, ExtractError
from bot.news.feed import EntryFailure, extract_feed
from bot.news.htmlpage import extract_html_page
from bot.news.markdownpage import extract_markdown
from bot.news.textpage import extract_text_page

log = logging.getLogger(__name__)

FORMATS = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".xml": "feed",
    ".rss": "feed",
    ".atom": "feed",
}
FETCH_TIMEOUT = 30  # seconds
MAX_BYTES = 20 * 1024 * 1024  # larger is not an article page


@dataclass(frozen=True)
class Failure:
    label: str  # the file, URL or feed entry
    reason: str

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(frozen=True)
class Source:
    location: str  # a file path or a URL
    is_url: bool = False
    # What the index and the reports call it when that is not its location: a file uploaded in the staff
    # console is read from a temporary copy but is the page of its own name (uploaded again, it is updated).
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.location


def is_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://"))


def expand(locations: Iterable[Union[str, Source]]) -> Tuple[List[Source], List[Failure]]:
    """The sources named on the command line: folders become the supported files inside them; a Source
    is taken as it is."""
    sources: List[Source] = []
    failures: List[Failure] = []
    for location in locations:
        if isinstance(location, Source):
            sources.append(location)
        elif is_url(location):
            sources.append(Source(location, is_url=True))
        elif (path := Path(location).expanduser()).is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in FORMATS
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            sources.extend(Source(str(p.resolve())) for p in files)
        elif path.is_file():
            if path.suffix.lower() in FORMATS:
                sources.append(Source(str(path.resolve())))
            else:
                failures.append(Failure(location, f"unsupported file type; use one of {', '.join(FORMATS)}"))
        else:
            failures.append(Failure(location, "no such file or folder"))
    return sources, failures


def read(source: Source) -> Iterator[Union[Article, Failure]]:
    """The articles of one source, or failures saying why not."""
    try:
        content, kind, url = _fetch(source.location) if source.is_url else _read_file(source.location)
        if kind == "feed":
            for item in extract_feed(content, source.label):
                yield Failure(item.label, str(item)) if isinstance(item, EntryFailure) else item
        else:
            yield _extract_one(kind, content, source.label, url)
    except ExtractError as error:
        yield Failure(source.label, str(error))
    except Exception as error:  # a broken file must never stop the batch; the reason is reported
        log.debug("reading %s failed", source.location, exc_info=True)
        yield Failure(source.label, f"cannot be read ({type(error).__name__}: {error})")


def _extract_one(kind: str, content: bytes, location: str, url: Optional[str]) -> Article:
    if kind == "html":
        return extract_html_page(content, location, url)  # trafilatura works out the page's encoding
    text = _decode(content, location)
    if kind == "markdown":
        return extract_markdown(text, location)
    return extract_text_page(text, location)


def _decode(content: bytes, location: str) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExtractError("the file is not UTF-8 text; save it as UTF-8") from None


def _read_file(location: str) -> Tuple[bytes, str, Optional[str]]:
    path = Path(location)
    try:
        content = path.read_bytes()
    except OSError as error:
        raise ExtractError(f"cannot be read: {error.strerror}") from None
    return content, FORMATS[path.suffix.lower()], None


class _PublicRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to http(s) on the same host or to a host whose every address is public:
    a page on the internet must not send the fetcher to this machine's or the local network's services."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        if target.scheme not in ("http", "https"):
            raise ExtractError(f"redirected to a {target.scheme or 'relative'}: address, which is refused")
        if target.hostname != urlsplit(req.full_url).hostname:
            refused = private_address(target.hostname or "")
            if refused:
                raise ExtractError(f"redirected to {target.hostname} ({refused}), which is refused")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def private_address(host: str) -> Optional[str]:
    """The first address of ``host`` that is not on the public internet, or None. Neither a redirect nor a
    web address given in the staff console may send the fetcher there."""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return None  # the fetch itself reports that the name does not resolve
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global:
            return str(address)
    return None


_OPENER = urllib.request.build_opener(_PublicRedirects)


def _fetch(url: str) -> Tuple[bytes, str, str]:
    request = urllib.request.Request(url, headers={"User-Agent": "qicc-news-ingest/1.0"})
    try:
        with _OPENER.open(request, timeout=FETCH_TIMEOUT) as response:
            content = response.read(MAX_BYTES + 1)
            content_type = response.headers.get_content_type()
            final_url = response.geturl()
    except OSError as error:  # URLError, HTTPError and timeouts are all OSErrors
        raise ExtractError(f"cannot be fetched: {getattr(error, 'reason', None) or error}") from None
    if len(content) > MAX_BYTES:
        raise ExtractError("the page is larger than 20 MB; not an article")
    return content, _kind_of(final_url, content_type), final_url


def _kind_of(url: str, content_type: str) -> str:
    suffix = Path(url.split("?")[0]).suffix.lower()
    if suffix in FORMATS:
        return FORMATS[suffix]
    if "rss" in content_type or "atom" in content_type or content_type.endswith("/xml"):
        return "feed"
    if "markdown" in content_type:
        return "markdown"
    if content_type == "text/plain":
        return "text"
    return "html"
