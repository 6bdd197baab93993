"""The console's web application and its server: `python -m bot.console` (started by `qicc run`)."""

from __future__ import annotations

import argparse
import logging
from datetime import timedelta
from pathlib import Path

from aiohttp import web

from bot.console import (
    account_pages,
    attraction_pages,
    center_pages,
    faq_pages,
    file_pages,
    handoff_pages,
    history_pages,
    inbox_pages,
    login_pages,
    model_pages,
    overview_pages,
    pages_pages,
    training_pages,
)
from bot.console.accounts import Accounts
from bot.console.database import engine
from bot.console.history import History
from bot.console.inbox import Inbox
from bot.console.index_writer import IndexWriter
from bot.console.sessions import Sessions
from bot.console.texts import interface_texts
from bot.console.throttle import Throttle
from bot.console.trainer import Trainer
from bot.console.web import MAX_BODY, PREFIX, STORES, Stores, guard
from bot.handoff.store import handoff_store
from bot.settings import settings

RUN_AUTHOR = "qicc run"  # who the change history names for the full model trained at start
STATIC_DIR = Path(__file__).resolve().parent / "static"
PAGES = [
    login_pages,
    model_pages,
    overview_pages,
    handoff_pages,
    faq_pages,
    center_pages,
    attraction_pages,
    inbox_pages,
    file_pages,
    pages_pages,
    training_pages,
    history_pages,
    account_pages,
]


def make_stores() -> Stores:
    db = engine()
    history = History(db)
    return Stores(
        Accounts(db),
        Sessions(db, timedelta(minutes=settings().console_idle_minutes)),
        Throttle(db),
        history,
        Inbox(db),
        handoff_store(),
        IndexWriter(history),
        Trainer(history),
    )


def make_app() -> web.Application:
    interface_texts()  # a mistake in texts.yml stops the server now, not at a staff member's first request
    app = web.Application(middlewares=[guard], client_max_size=MAX_BODY)
    app[STORES] = make_stores()
    app[model_pages.LAST_PULL] = model_pages.LastPull()
    for module in PAGES:
        app.add_routes(module.routes)
    app.router.add_static(f"{PREFIX}/static", STATIC_DIR)
    return app


def main() -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bot.console", description="The staff console at /staff/ (qicc run starts it)."
    )
    parser.add_argument(
        "--port", type=int, default=settings().console_port, help="port to listen on (default QICC_CONSOLE_PORT, 5006)"
    )
    parser.add_argument(
        "--train-full-model",
        action="store_true",
        help="train the full model of the current training data unless it exists, and make it live (qicc run "
        "passes this when it started on the starter model); the Training page shows the progress",
    )
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    app = make_app()
    if args.train_full_model:
        app[STORES].trainer.start(RUN_AUTHOR, only_if_missing=True)
    web.run_app(
        app,
        port=args.port,
        print=lambda _: logging.info("Staff console at http://localhost:%d%s/", args.port, PREFIX),
        access_log=None,
    )
