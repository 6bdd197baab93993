"""Start the action server and the Rasa server together, watch them, stop them together.

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
from typing import Dict, List, Optional

import sqlalchemy as sa
import yaml

from bot.model import rasa_command
from bot.news.bundled import index_bundled_news
from bot.settings import Settings, settings

log = logging.getLogger(__name__)

START_TIMEOUT = 300  # seconds; loading TensorFlow and the model takes most of it


def runtime_endpoints(config: Settings) -> Path:
    """endpoints.yml with this run's action server port and conversation database."""
    endpoints = yaml.safe_load((config.root / "endpoints.yml").read_text(encoding="utf-8"))
    endpoints["action_endpoint"]["url"] = f"http://127.0.0.1:{config.actions_port}/webhook"
    endpoints["tracker_store"]["db"] = str(config.state_dir / "conversations.sqlite3")
    endpoints.update(shared_stores(config))
    path = config.state_dir / "endpoints.runtime.yml"
    path.touch(mode=0o600, exist_ok=True)  # it may hold the database password
    path.chmod(0o600)  # also when an earlier version wrote it
    path.write_text(yaml.safe_dump(endpoints, sort_keys=False), encoding="utf-8")
    return path


def shared_stores(config: Settings) -> Dict[str, Dict]:
    """Rasa's stores for replicas (docs/replicas.md): its SQL tracker store on QICC_DATABASE_URL (that
    survives a database restart, bot/tracker_store.py) and its Redis lock store (with atomic changes,
    bot/lock_store.py) on QICC_REDIS_URL, so any replica can continue any conversation, one at a time."""
    stores: Dict[str, Dict] = {}
    if config.database_url:
        url = sa.engine.make_url(config.database_url)
        stores["tracker_store"] = {"type": "bot.tracker_store.PostgreSQLTrackerStore", "dialect": url.drivername, "url": url.host, "port": url.port,
                                   "db": url.database, "username": url.username, "password": url.password}
    if config.redis_url:
        url = urllib.parse.urlsplit(config.redis_url)
        stores["lock_store"] = {"type": "bot.lock_store.AtomicRedisLockStore", "url": url.hostname, "port": url.port or 6379,
                                "db": int(url.path.strip("/") or 0), "password": url.password,
                                "key_prefix": "qicc"}
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

    def commands(self) -> Dict[str, List[str]]:
        cfg = self.config
        rasa = rasa_command()
        return {
            "action server": [rasa, "run", "actions", "--port", str(cfg.actions_port), "--actions", "actions"],
            # Rasa's `rasa run`, with its speed fixes (bot/rasa_server.py).
            "Rasa server": [sys.executable, "-m", "bot.rasa_server", "run", "--model", str(self.model),
                            "--port", str(cfg.rasa_port),
                            "--endpoints", str(runtime_endpoints(cfg)), "--credentials", "credentials.yml",
                            "--cors", *cfg.cors_origins.split()],
        }

    def start(self) -> None:
        index_bundled_news(self.config)
        self.config.state_dir.mkdir(parents=True, exist_ok=True)
        for name, command in self.commands().items():
            log.info("Starting the %s...", name)
            # A session of its own, so Ctrl-C reaches us first and we stop the children in order.
            self.processes[name] = subprocess.Popen(command, cwd=self.config.root, env=child_environment(),
                                                    start_new_session=True)

    def urls(self) -> Dict[str, str]:
        return {
            "action server": f"http://127.0.0.1:{self.config.actions_port}/health",
            "Rasa server": f"http://127.0.0.1:{self.config.rasa_port}/webhooks/rest/",
        }

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        """Block until both answer over HTTP; raise if one exits or time runs out."""
        deadline = time.monotonic() + timeout
        pending = dict(self.urls())
        while pending:
            self.raise_if_dead()
            for name, url in list(pending.items()):
                if _answers(url):
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

    def supervise(self) -> None:
        """Wait until one server stops; then it is an error (Ctrl-C is handled by the caller)."""
        while True:
            self.raise_if_dead()
            time.sleep(0.5)

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


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False
