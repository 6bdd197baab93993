"""Start the action server and the Rasa server together, watch them, stop them together.

A server that stops while the assistant runs is started again, after a pause that doubles with each
quick failure (RESTART_DELAYS), and the log says so; visitors meanwhile get an apology with the phone
number. Only a server that cannot start at all stops the assistant.

Used by `qicc run` and by the integration tests, so that tests run the servers exactly
the way visitors get them.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional

import sqlalchemy as sa
import yaml

from bot.pages.bundled import index_bundled_pages
from bot.processes.model import live_model, make_live
from bot.retention import prune
from bot.settings import Settings, settings
from bot.state import private_dir, private_files

log = logging.getLogger(__name__)

START_TIMEOUT = 600  # seconds; loading TensorFlow and the model takes most of it (minutes on a busy machine)
RESTART_DELAYS = (1, 2, 4, 8, 16, 30, 60)  # seconds before the 1st, 2nd... restart in a row
STEADY_SECONDS = 120  # a server that ran this long is well again: its next restart waits RESTART_DELAYS[0]
MODEL_PULL_SECONDS = 10  # a newly trained model answers within this long (bot/rasa/model_pulling.py)
PRUNE_SECONDS = 24 * 3600  # how often what is older than the retention period is removed


def runtime_endpoints(config: Settings) -> Path:
    """endpoints.yml with this run's action server port and conversation database."""
    endpoints = yaml.safe_load((config.root / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{config.actions_port}/webhook"
    endpoints["tracker_store"]["db"] = str(config.state_dir / "conversations.sqlite3")
    if config.actions_token:
        endpoints["action_endpoint"]["headers"] = {"Authorization": f"Bearer {config.actions_token}"}
    endpoints.update(shared_stores(config))
    # The staff console serves the live model; the Rasa server asks it for a newer one every 10 s.
    endpoints["models"] = {
        "url": f"http://127.0.0.1:{config.console_port}/staff/model",
        "wait_time_between_pulls": MODEL_PULL_SECONDS,
    }
    path = config.state_dir / "endpoints.runtime.yml"
    path.touch(mode=0o600, exist_ok=True)  # it may hold the database password
    path.chmod(0o600)  # also when an earlier version wrote it
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def shared_stores(config: Settings) -> Dict[str, Dict]:
    """Rasa's stores for replicas (docs/replicas.md): its SQL tracker store on QICC_DATABASE_URL (that
    survives a database restart, bot/rasa/tracker_store.py) and its Redis lock store (with atomic changes,
    bot/rasa/lock_store.py) on QICC_REDIS_URL, so any replica can continue any conversation, one at a time."""
    stores: Dict[str, Dict] = {}
    if config.database_url:
        url = sa.engine.make_url(config.database_url)
        stores["tracker_store"] = {
            "type": "bot.rasa.tracker_store.PostgreSQLTrackerStore",
            "dialect": url.drivername,
            "url": url.host,
            "port": url.port,
            "db": url.database,
            "username": url.username,
            "password": url.password,
        }
    if config.redis_url:
        url = urllib.parse.urlsplit(config.redis_url)
        stores["lock_store"] = {
            "type": "bot.rasa.lock_store.AtomicRedisLockStore",
            "url": url.hostname,
            "port": url.port or 6379,
            "db": int(url.path.strip("/") or 0),
            "password": url.password,
            "key_prefix": "qicc",
        }
    return stores


def child_environment() -> Dict[str, str]:
    env = dict(os.environ)
    env["RASA_TELEMETRY_ENABLED"] = "false"  # nothing may call outside hosts
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


@dataclass
class Servers:
    model: Path
    config: Settings = field(default_factory=settings)
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)
    started: Dict[str, float] = field(default_factory=dict)  # name -> time.monotonic() of the last start
    restarts: Dict[str, int] = field(default_factory=dict)  # name -> quick restarts in a row
    # The console trains the full model once started (`model` is the starter model, bot/processes/model.py).
    train_full_model: bool = False

    def commands(self) -> Dict[str, List[str]]:
        cfg = self.config
        return {
            # rasa-sdk's own entry point (not `rasa run actions`, which imports all of Rasa's command line:
            # 3.6 s and about 80 MB the action server never uses), on QICC_ACTIONS_HOST with the shared
            # token (actions/server.py).
            "action server": [
                sys.executable,
                "-m",
                "actions.server",
                "--port",
                str(cfg.actions_port),
                "--actions",
                "actions",
            ],
            # Rasa's `rasa run`, with its speed fixes (bot/rasa/server.py).
            "Rasa server": [
                sys.executable,
                "-m",
                "bot.rasa.server",
                "run",
                "--model",
                str(live_model() or self.model),  # after a restart too: the full model once it is live
                "--port",
                str(cfg.rasa_port),
                "--endpoints",
                str(runtime_endpoints(cfg)),
                "--credentials",
                "credentials.yml",
                "--cors",
                *cfg.cors_origins.split(),
            ],
            # A process and port of its own (docs/staff.md says why), over the same content files.
            "staff console": [
                sys.executable,
                "-m",
                "bot.console",
                "--port",
                str(cfg.console_port),
                *(["--train-full-model"] if self.train_full_model else []),
            ],
        }

    def start(self) -> None:
        private_files()  # conversations and logs: for the assistant's user only (bot/state.py)
        private_dir(self.config.state_dir)
        make_live(self.model)
        for name in self.commands():
            self.start_one(name)
        # While the servers load (half a minute), not before: a first start indexes the bundled pages in
        # a few seconds. It is done before start() returns, so before any visitor can be answered.
        index_bundled_pages(self.config)

    def start_one(self, name: str) -> None:
        log.info("Starting the %s...", name)
        # A session of its own, so Ctrl-C reaches us first and we stop the children in order.
        self.processes[name] = subprocess.Popen(
            self.commands()[name], cwd=self.config.root, env=child_environment(), start_new_session=True
        )
        self.started[name] = time.monotonic()

    def urls(self) -> Dict[str, str]:
        return {
            "action server": f"http://127.0.0.1:{self.config.actions_port}/health",
            "Rasa server": f"http://127.0.0.1:{self.config.rasa_port}/webhooks/rest/",
            "staff console": f"http://127.0.0.1:{self.config.console_port}/staff/health",
        }

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Block until both answer over HTTP; raise if one exits or time runs out."""
        deadline = time.monotonic() + timeout
        pending = dict(self.urls())
        while pending:
            self.raise_if_dead()
            for name, url in list(pending.items()):
                if answers(url):
                    log.info("The %s is ready.", name)
                    del pending[name]
            if time.monotonic() > deadline:
                raise RuntimeError(f"not ready after {timeout:.0f} s: {', '.join(pending)}")
            time.sleep(0.5)

    def dead(self) -> Optional[str]:
        return next((name for name, p in self.processes.items() if p.poll() is not None), None)

    def raise_if_dead(self) -> None:
        name = self.dead()
        if name:
            code = self.processes[name].returncode
            raise RuntimeError(f"the {name} stopped (exit code {code}); its error is shown above")

    def supervise(self, interval: float = 0.5, until: Callable[[], bool] = lambda: False) -> None:
        """Restart a server that stops, and prune old state once a day, until Ctrl-C (handled by the
        caller) or ``until()`` (a benchmark's end)."""
        pruned: Optional[float] = None
        while not until():
            name = self.dead()
            if name:
                self.restart(name)
            if pruned is None or time.monotonic() - pruned > PRUNE_SECONDS:
                self.prune()
                pruned = time.monotonic()
            time.sleep(interval)

    def prune(self) -> None:
        days = self.config.retention_days
        removed = prune(days)
        log.info(
            "Removed %d conversations and %d unanswered questions older than %d days (QICC_RETENTION_DAYS).",
            removed.conversations,
            removed.unanswered,
            days,
        )

    def restart(self, name: str) -> None:
        steady = time.monotonic() - self.started.get(name, 0) > STEADY_SECONDS
        count = 0 if steady else self.restarts.get(name, 0)
        delay = RESTART_DELAYS[min(count, len(RESTART_DELAYS) - 1)]
        log.error(
            "The %s stopped (exit code %s); its error is shown above. Restarting it in %s s (restart %d in a row).",
            name,
            self.processes[name].returncode,
            delay,
            count + 1,
        )
        self.pause(delay)
        self.restarts[name] = count + 1
        self.start_one(name)
        self.report_ready(name)

    def report_ready(self, name: str, timeout: float = START_TIMEOUT) -> None:
        """Log when a restarted server answers again (its own failure is left to the next check)."""
        url, deadline = self.urls().get(name), time.monotonic() + timeout
        while url and self.processes[name].poll() is None and time.monotonic() < deadline:
            if answers(url):
                log.info("The %s is ready again.", name)
                return
            self.pause(0.5)

    def pause(self, seconds: float) -> None:
        time.sleep(seconds)

    def stop(self) -> None:
        for name, process in self.processes.items():
            if process.poll() is None:
                log.info("Stopping the %s...", name)
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def answers(url: str) -> bool:
    """Whether ``url`` answers 200 now."""
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
