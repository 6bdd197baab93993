"""Staff accounts, sessions and login throttling, on a SQLite file as the console uses them."""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import create_engine, select, update

from bot.console.accounts import AccountError, Accounts
from bot.console.database import metadata, sessions as sessions_table
from bot.console.sessions import Sessions
from bot.console.throttle import MAX_FAILURES, Throttle


@pytest.fixture
def db(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'console.sqlite3'}")
    metadata.create_all(engine)
    return engine


def test_a_password_is_kept_only_as_an_argon2_hash_and_checked(db):
    accounts = Accounts(db)
    accounts.add("ada", "admin", "correct horse battery")
    stored = db.execute(select(metadata.tables["staff_accounts"])).first()
    assert "correct horse" not in stored.password_hash and stored.password_hash.startswith("$argon2")
    assert accounts.verify("ada", "correct horse battery").role == "admin"
    assert accounts.verify("ada", "correct horse batterY") is None
    assert accounts.verify("nobody", "correct horse battery") is None


def test_account_rules_are_explained(db):
    accounts = Accounts(db)
    with pytest.raises(AccountError, match="at least 10"):
        accounts.add("ada", "admin", "short")
    with pytest.raises(AccountError, match="role"):
        accounts.add("ada", "boss", "long enough password")
    with pytest.raises(AccountError, match="letters"):
        accounts.add("ada lovelace", "admin", "long enough password")
    accounts.add("ada", "admin", "long enough password")
    with pytest.raises(AccountError, match="already"):
        accounts.add("ada", "editor", "long enough password")


def test_the_last_admin_cannot_be_removed_or_demoted(db):
    accounts = Accounts(db)
    accounts.add("ada", "admin", "long enough password")
    accounts.add("bo", "editor", "long enough password")
    with pytest.raises(AccountError, match="only admin"):
        accounts.remove("ada")
    with pytest.raises(AccountError, match="only admin"):
        accounts.set_role("ada", "editor")
    accounts.set_role("bo", "admin")
    accounts.remove("ada")
    assert [a.name for a in accounts.all()] == ["bo"]


def test_a_new_password_replaces_the_old_one(db):
    accounts = Accounts(db)
    accounts.add("bo", "editor", "the first password")
    accounts.set_password("bo", "the second password")
    assert accounts.verify("bo", "the first password") is None
    assert accounts.verify("bo", "the second password")


def test_a_session_ends_after_the_idle_time_and_on_logout(db):
    store = Sessions(db, timedelta(minutes=30))
    token = store.start("ada")
    session = store.get(token)
    assert session.name == "ada" and len(session.csrf) >= 32
    assert store.get("a guessed value") is None
    # 31 minutes without a request
    with db.begin() as connection:
        connection.execute(update(sessions_table).values(last_seen=datetime.now(timezone.utc) - timedelta(minutes=31)))
    assert store.get(token) is None
    other = store.start("ada")
    store.end(other)
    assert store.get(other) is None


def test_the_cookie_value_is_not_in_the_database(db):
    token = Sessions(db, timedelta(minutes=30)).start("ada")
    assert token not in str(db.execute(select(sessions_table)).fetchall())


def test_logging_out_everywhere_ends_every_session_of_the_account(db):
    store = Sessions(db, timedelta(minutes=30))
    first, second, other = store.start("bo"), store.start("bo"), store.start("ada")
    store.end_all_of("bo")
    assert store.get(first) is None and store.get(second) is None and store.get(other)


def test_five_wrong_passwords_for_a_name_make_it_wait(db):
    throttle = Throttle(db)
    for attempt in range(MAX_FAILURES - 1):
        throttle.failed("ada", f"10.0.0.{attempt}")
    assert throttle.wait("ada", "10.0.0.99") is None
    throttle.failed("ada", "10.0.0.50")
    wait = throttle.wait("Ada", "10.0.0.99")
    assert wait and timedelta(minutes=14) < wait <= timedelta(minutes=15)
    assert throttle.wait("bo", "10.0.0.99") is None  # another name from another address is not held up


def test_five_wrong_passwords_from_an_address_make_it_wait_for_any_name(db):
    throttle = Throttle(db)
    for attempt in range(MAX_FAILURES):
        throttle.failed(f"name{attempt}", "192.0.2.7")
    assert throttle.wait("someone-else", "192.0.2.7")
    assert throttle.wait("someone-else", "192.0.2.8") is None


def test_failures_older_than_the_window_no_longer_count(db):
    throttle = Throttle(db, window=timedelta(seconds=0.2))
    for _ in range(MAX_FAILURES):
        throttle.failed("ada", "192.0.2.7")
    assert throttle.wait("ada", "192.0.2.7")
    time.sleep(0.3)
    assert throttle.wait("ada", "192.0.2.7") is None
