"""The two replica settings turn into Rasa's stores in the endpoints `qicc run` writes; empty, nothing changes."""

from __future__ import annotations

import stat

import yaml

from bot.processes.servers import runtime_endpoints
from bot.settings import settings


def endpoints(tmp_path, monkeypatch, **values):
    monkeypatch.setenv("QICC_STATE_DIR", str(tmp_path))
    for name in ("QICC_DATABASE_URL", "QICC_REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    path = runtime_endpoints(settings())
    return path, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_by_default_conversations_stay_in_sqlite_with_in_process_locks(tmp_path, monkeypatch):
    _, config = endpoints(tmp_path, monkeypatch)
    assert config["tracker_store"]["type"] == "bot.rasa.tracker_store.SQLiteTrackerStore"
    assert config["tracker_store"]["db"] == str(tmp_path / "conversations.sqlite3")
    assert "lock_store" not in config


def test_replica_settings_give_rasa_postgresql_and_the_atomic_redis_lock_store(tmp_path, monkeypatch):
    path, config = endpoints(
        tmp_path,
        monkeypatch,
        QICC_DATABASE_URL="postgresql://qicc:pw@db.example:5433/qicc",
        QICC_REDIS_URL="redis://:secret@cache.example:6380/2",
    )
    assert config["tracker_store"] == {
        "type": "bot.rasa.tracker_store.PostgreSQLTrackerStore",
        "dialect": "postgresql",
        "url": "db.example",
        "port": 5433,
        "db": "qicc",
        "username": "qicc",
        "password": "pw",
    }
    assert config["lock_store"] == {
        "type": "bot.rasa.lock_store.AtomicRedisLockStore",
        "url": "cache.example",
        "port": 6380,
        "db": 2,
        "password": "secret",
        "key_prefix": "qicc",
    }
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # it holds the passwords
