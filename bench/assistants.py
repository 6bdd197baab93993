"""The two bots the benchmarks talk to: this assistant, started by bot.processes.servers exactly as `qicc run`
starts it, and a stock `rasa init` bot as the reference, each with its action server.

Both are measured the same way: seconds from start to both servers answering, and each server's
peak resident memory (the kernel's high-water mark, VmHWM, over the process and its children).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

from bot.processes.model import rasa_command, rasa_train
from bot.pages.bundled import index_bundled_pages
from bot.processes.servers import Servers, child_environment
from bot.settings import settings

REST_PATH = "/webhooks/rest/webhook"
# The options every part shares, with the same meaning.
MODEL_HELP = "the model of this assistant to start (default: the current one, trained first if the data changed)"
KEEP_HELP = "keep what was generated under state/bench/ (the stock bot, trained models, Rasa's reports)"


def bench_dir() -> Path:
    """state/bench/: the stock bot, trained models and results; generated, never in git."""
    path = settings().state_dir / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def environment(values: Dict[str, str]) -> Iterator[None]:
    """Set variables for the servers started inside (they inherit this process's environment)."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _children(pid: int) -> List[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process plus its child processes, in MB."""
    return rss_mb(pid, "VmHWM")


def rss_mb(pid: int, kind: str = "VmRSS") -> float:
    """Resident memory now (VmRSS) or at its peak (VmHWM) of a process plus its child processes, in MB."""
    total = 0.0
    for each in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{each}/status").read_text()
        except OSError:
            continue
        total += next((int(line.split()[1]) for line in status.splitlines() if line.startswith(f"{kind}:")), 0)
    return total / 1024


@dataclass
class Running:
    """A bot whose servers answer: where to post, and what its start cost."""

    name: str
    url: str  # the REST channel's webhook
    servers: Servers
    ready_seconds: float

    def peak_memory_mb(self) -> Dict[str, float]:
        return {name: peak_rss_mb(process.pid) for name, process in self.servers.processes.items()}


def _run(name: str, servers: Servers) -> Iterator[Running]:
    started = time.monotonic()
    try:
        with environment({"LOG_LEVEL": "WARNING", "PYTHONWARNINGS": "ignore"}):  # their errors only
            servers.start()
        servers.wait_ready()
        url = f"http://127.0.0.1:{servers.config.rasa_port}{REST_PATH}"
        yield Running(name, url, servers, time.monotonic() - started)
    finally:
        servers.stop()


@contextmanager
def this_assistant(model: Path, state_dir: Path, now: Optional[datetime] = None) -> Iterator[Running]:
    """This assistant on free ports with its own state folder (conversations, news index)."""
    # Every simulated visitor posts from 127.0.0.1: the per-address rate limit would measure itself.
    values = {
        "QICC_STATE_DIR": str(state_dir),
        "QICC_RASA_PORT": str(free_port()),
        "QICC_ACTIONS_PORT": str(free_port()),
        "QICC_CONSOLE_PORT": str(free_port()),
        "QICC_RATE_PER_ADDRESS": "0",
    }
    if now:
        values["QICC_NOW"] = now.isoformat()
    with environment(values):
        config = settings()
        # Index the bundled news before the clock starts: "start to ready" is a restart of an
        # installed assistant, not its very first start.
        state_dir.mkdir(parents=True, exist_ok=True)
        index_bundled_pages(config)
        yield from _run("this assistant", Servers(model, config))


class StockServers(Servers):
    """A `rasa init` project's Rasa server and action server, started like ours."""

    def commands(self) -> Dict[str, List[str]]:
        cfg, rasa = self.config, rasa_command()
        return {
            "action server": [rasa, "run", "actions", "--port", str(cfg.actions_port), "--actions", "actions"],
            "Rasa server": [
                rasa,
                "run",
                "--model",
                str(self.model),
                "--port",
                str(cfg.rasa_port),
                "--credentials",
                "credentials.yml",
                "--endpoints",
                "endpoints.yml",
            ],
        }


@dataclass(frozen=True)
class StockBot:
    project: Path
    model: Path
    train_seconds: float  # `rasa init --no-prompt`: copying the template is instant, the rest is training
    train_log: str = ""  # Rasa's output, for bot.processes.training_log


def create_stock_bot(parent: Path) -> StockBot:
    """`rasa init --no-prompt` in a new folder under ``parent``: the template project, trained."""
    project = Path(tempfile.mkdtemp(prefix="stock-", dir=parent))
    started = time.monotonic()
    output = run_rasa([rasa_command(), "init", "--no-prompt", "--init-dir", str(project)], project)
    seconds = time.monotonic() - started
    model = max((project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
    return StockBot(project, model, seconds, output)


@contextmanager
def stock_assistant(bot: StockBot) -> Iterator[Running]:
    config = dataclasses.replace(
        settings(),
        root=bot.project,
        data_dir=bot.project / "data",
        state_dir=bot.project / "state",
        news_index=bot.project / "state" / "news.sqlite3",
        rasa_port=free_port(),
        actions_port=free_port(),
    )
    yield from _run("stock rasa init bot", StockServers(bot.model, config))


def run_rasa(command: List[str], cwd: Path) -> str:
    """Run a rasa command, keeping its log from the screen; return the log, or raise with its end."""
    result = subprocess.run(
        command, cwd=cwd, env=child_environment(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if result.returncode:
        tail = "\n".join(result.stdout.splitlines()[-20:])
        raise RuntimeError(f"{' '.join(command[1:3])} failed (exit code {result.returncode}):\n{tail}")
    return result.stdout


def train_this_assistant(out_dir: Path) -> Tuple[Path, float, str]:
    """`rasa train --force` of this project, as `qicc train` runs it, into ``out_dir`` (not models/, so
    `qicc run` is untouched).

    --force also skips Rasa's training cache, so this is a full training. Returns (model, seconds, Rasa's log).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"bench-{datetime.now():%Y%m%d-%H%M%S}"
    started = time.monotonic()
    output = run_rasa(rasa_train("--force", "--out", str(out_dir), "--fixed-model-name", name), settings().root)
    return out_dir / f"{name}.tar.gz", time.monotonic() - started, output


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)
