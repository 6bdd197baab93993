"""The console's writes to the pages index: ingest runs and removals, one at a time on a thread of their
own. The index takes one writer at a time (a removal would otherwise wait for a long ingest inside the event
loop), and the console must keep answering every page while a run reads and extracts its files.

An ingest is a Job that its page watches while it runs: how many files are read, and what became of each
page (bot.news.ingest.Outcome). Jobs live in this process only; a restart of the console forgets them, not
what they wrote. Every change is recorded in the change history.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Union

from bot.console.history import History
from bot.news.index import Found
from bot.news.ingest import Outcome, ingest
from bot.news.sources import Source
from bot.news.index import pages_index

log = logging.getLogger(__name__)
KEPT = 10  # jobs remembered for their pages and the list of recent ingests


@dataclass
class Job:
    id: str
    author: str
    names: Sequence[str]  # the files' own names
    url: str  # the web address given, or ""
    section: Optional[str]  # every page's section; None: each page's own
    state: str = "waiting"  # for the run before it to end; then running, done, or failed (rolled back)
    total: int = 0  # files to read, known once it runs
    read: int = 0  # files read so far
    outcomes: List[Outcome] = field(default_factory=list)
    error: str = ""

    def watch(self, sources: Sequence[Source]) -> Iterator[Source]:
        """ingest's progress: counts the files as they are read."""
        self.total = len(sources)
        for source in sources:
            yield source
            self.read += 1

    def count(self, result: str) -> int:
        return sum(outcome.result == result for outcome in self.outcomes)

    def what(self, many: str = "{count} files") -> str:
        """What is ingested: the files (their number, ``many`` in the reader's language, when more than
        three) and the address."""
        files = ", ".join(self.names) if len(self.names) <= 3 else many.format(count=len(self.names))
        return ", ".join(filter(None, [files, self.url]))


def _outcome_line(outcome: Outcome) -> str:
    """An outcome as the history's diff shows it: what changed marked +."""
    mark = "+" if outcome.result in ("added", "updated") else " "
    page = f"{outcome.title} ({outcome.source})" if outcome.title else outcome.source
    return f"{mark} {outcome.result}: {page}{f': {outcome.reason}' if outcome.reason else ''}"


class IndexWriter:
    def __init__(self, history: History):
        self.history = history
        self._jobs: Dict[str, Job] = {}
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-index")

    def start(
        self, author: str, uploads: Sequence[Source], url: str, section: Optional[str], folder: Optional[Path]
    ) -> Job:
        """Ingest the uploaded files and the web address after the writes before; ``folder`` (the uploads'
        copies) is removed after."""
        job = Job(secrets.token_urlsafe(12), author, [upload.label for upload in uploads], url, section)
        with self._lock:
            self._jobs[job.id] = job
            for old in list(self._jobs)[:-KEPT]:
                if self._jobs[old].state in ("done", "failed"):
                    del self._jobs[old]
        self._worker.submit(self._run, job, [*uploads, *([url] if url else [])], folder)
        return job

    def get(self, job_id: str) -> Optional[Job]:
        return self._jobs.get(job_id)

    def recent(self) -> List[Job]:
        """The jobs remembered, the newest first."""
        with self._lock:
            return list(reversed(self._jobs.values()))

    def remove(self, article_id: int, author: str) -> "Future[Optional[Found]]":
        """Take a page out of the index after the writes before it; the page it was, or None."""
        return self._worker.submit(self._remove, article_id, author)

    def _run(self, job: Job, locations: Sequence[Union[str, Source]], folder: Optional[Path]) -> None:
        job.state = "running"
        try:
            summary = ingest(
                pages_index(),
                locations,
                progress=job.watch,
                section=job.section,
                default_section=None,
                report=job.outcomes.append,
            )
            if summary.added or summary.updated:
                self.history.note(
                    job.author,
                    f"ingested {job.what()}: {summary.line()}",
                    [_outcome_line(outcome) for outcome in job.outcomes],
                )
            job.state = "done"
        except Exception as error:  # the batch is rolled back: the job's page says why, the log has the trace
            log.exception("Ingesting %s failed", job.what())
            job.state, job.error = "failed", f"{type(error).__name__}: {error}"
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def _remove(self, article_id: int, author: str) -> Optional[Found]:
        found = pages_index().remove(article_id)
        if found:
            self.history.note(
                author,
                f"removed the page {found.title!r}",
                [f"- {found.published} [{found.section}] {found.title} ({found.url or found.source})"],
            )
        return found
