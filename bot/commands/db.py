"""`qicc db upgrade`: create or upgrade the schema of every store on the database replicas share."""

from __future__ import annotations

import logging

from bot.settings import settings

log = logging.getLogger(__name__)


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "db",
        help="the database replicas share (QICC_DATABASE_URL)",
        description="Look after the shared database of replicas (docs/replicas.md).",
    )
    commands = parser.add_subparsers(dest="db_command", metavar="COMMAND", required=True)
    upgrade = commands.add_parser(
        "upgrade",
        help="create or upgrade every store's tables (ours and Rasa's conversations)",
        description="Create the tables that are missing and apply the schema versions not yet applied, on "
        "QICC_DATABASE_URL. Safe to run again and while replicas serve: it only adds what is "
        "missing, one upgrader at a time. Without QICC_DATABASE_URL the embedded SQLite files "
        "create and upgrade themselves when the assistant opens them.",
    )
    upgrade.set_defaults(handler=run_upgrade)


def run_upgrade(args) -> int:
    url = settings().database_url
    if not url:
        print("QICC_DATABASE_URL is empty: the embedded SQLite files upgrade themselves when opened.")
        return 0
    import sqlalchemy as sa
    from rasa.core.tracker_store import SQLTrackerStore

    from bot.database import LATEST, upgrade

    engine = sa.create_engine(url)
    try:
        before = upgrade(engine)
        # Rasa's conversations table (its SQL tracker store would create it at its first start, too).
        SQLTrackerStore.Base.metadata.create_all(engine, checkfirst=True)
    except sa.exc.SQLAlchemyError as error:
        print(
            f"Error: could not upgrade {engine.url.render_as_string()}: {error.__class__.__name__}: "
            f"{str(error).splitlines()[0]}"
        )
        return 1
    finally:
        engine.dispose()
    where = engine.url.render_as_string()
    if before == LATEST:
        print(f"{where}: already at schema version {LATEST}; nothing to do.")
    else:
        print(f"{where}: schema version {before} -> {LATEST}; Rasa's conversations table is there.")
    return 0
