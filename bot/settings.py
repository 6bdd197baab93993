"""Every setting the assistant takes from the environment, with its default.

This is the only module that reads ``os.environ``: the rest of the code asks
``settings()`` so that defaults are documented in one place (see README).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from datetime import datetime
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    root: Path
    data_dir: Path  # staff-edited content files
    state_dir: Path  # generated state: SQLite files, logs, trained models stay out of git
    news_index: Path
    models_dir: Path  # trained models, named after their training data (bot/processes/model.py)
    fixed_now: Optional[datetime]  # a frozen clock for tests and demos
    rasa_port: int
    actions_port: int
    actions_host: str  # the interface the action server listens on; 127.0.0.1: this machine only
    actions_token: str  # shared with the action server when it runs elsewhere ("" : none)
    cors_origins: str
    reload_interval: float  # seconds between checks of a content file for changes
    console_port: int  # the staff console's own port
    console_idle_minutes: float  # a staff session ends after this long without a request
    rate_per_sender: float  # messages a minute one sender may send on a public channel (0: no limit)
    rate_per_address: float  # messages a minute from one client address (0: no limit)
    handoff_wait_minutes: float  # a visitor waiting this long for a person is offered to leave a message
    retention_days: int  # conversations idle and unanswered-log entries older than this are removed
    # Replicas (docs/replicas.md): empty = the embedded SQLite files and in-process state of one machine.
    database_url: str  # a postgresql:// URL: every store of ours and Rasa's tracker store on that database
    redis_url: str  # a redis:// URL: Rasa's Redis lock store and the short-lived keys (WeChat duplicates)


def _path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return _resolved(value) if value else default


@lru_cache(maxsize=32)
def _resolved(value: str) -> Path:
    """A path from the environment, made absolute once per value: data_dir() is read for every content file
    an action reads, and resolving asks the file system each time."""
    return Path(value).expanduser().resolve()


def _fixed_now() -> Optional[datetime]:
    value = os.environ.get("QICC_NOW", "").strip()
    if not value:
        return None
    from dateutil import parser

    return parser.isoparse(value)


def data_dir() -> Path:
    """The content folder alone: looked up for every content file an action reads, so without the rest."""
    return _path("QICC_DATA_DIR", ROOT / "data")


def settings() -> Settings:
    """Read the environment now (cheap; tests change it between calls)."""
    state_dir = _path("QICC_STATE_DIR", ROOT / "state")
    return Settings(
        root=ROOT,
        data_dir=data_dir(),
        state_dir=state_dir,
        news_index=_path("QICC_NEWS_INDEX", state_dir / "news.sqlite3"),
        models_dir=_path("QICC_MODELS_DIR", ROOT / "models"),  # Rasa's own default, for `rasa shell` too
        fixed_now=_fixed_now(),
        rasa_port=int(os.environ.get("QICC_RASA_PORT", "5005")),
        actions_port=int(os.environ.get("QICC_ACTIONS_PORT", "5055")),
        actions_host=os.environ.get("QICC_ACTIONS_HOST", "127.0.0.1"),
        actions_token=os.environ.get("QICC_ACTIONS_TOKEN", ""),
        cors_origins=os.environ.get("QICC_CORS_ORIGINS", "http://localhost:5005"),
        reload_interval=float(os.environ.get("QICC_RELOAD_INTERVAL", "1")),
        console_port=int(os.environ.get("QICC_CONSOLE_PORT", "5006")),
        console_idle_minutes=float(os.environ.get("QICC_CONSOLE_IDLE_MINUTES", "30")),
        rate_per_sender=float(os.environ.get("QICC_RATE_PER_SENDER", "20")),
        # Higher: a hotel's or an office's visitors may share one address.
        rate_per_address=float(os.environ.get("QICC_RATE_PER_ADDRESS", "120")),
        handoff_wait_minutes=float(os.environ.get("QICC_HANDOFF_WAIT_MINUTES", "5")),
        retention_days=int(os.environ.get("QICC_RETENTION_DAYS", "90")),
        database_url=os.environ.get("QICC_DATABASE_URL", "").strip(),
        redis_url=os.environ.get("QICC_REDIS_URL", "").strip(),
    )


def env_value(name: str, default: str = "") -> str:
    """A raw environment value for the few settings owned by one module (channel secrets)."""
    return os.environ.get(name, default)
