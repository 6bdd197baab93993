"""The Training page: whether the model has learned the training data as they are now (questions added to the
FAQ from this console or by hand, attraction names), "Retrain now", the training as it goes
(bot/console/trainer.py), and which model the assistant answers visitors with.

An FAQ question is answered as written before any training (the near-verbatim rule); a training teaches the
model the new wordings, so that other phrasings of them are recognised too.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import List, Optional

from aiohttp import web

from bot.console.model_pages import LAST_PULL
from bot.console.trainer import Trainer, Training
from bot.console.web import PREFIX, clock, redirect, render, staff, stores, t
from bot.processes.model import is_starter, live_model, model_path
from bot.processes.training_log import Step
from bot.rasa.model_pulling import fingerprint_of

routes = web.RouteTableDef()
PAGE = f"{PREFIX}/training"
RELOAD_MS = 2000  # while a training runs or the assistant is still to switch models
# Rasa's components as staff read them (texts.yml); others are named as Rasa names them.
STEP_TEXTS = {
    "LexicalSyntacticFeaturizer": "train_step_features",
    "CountVectorsFeaturizer": "train_step_features",
    "RegexFeaturizer": "train_step_features",
    "DIETClassifier": "train_step_topics",
    "FaqResponseSelector": "train_step_faq",
    "ResponseSelector": "train_step_faq",
    "EntitySynonymMapper": "train_step_synonyms",
    "RulePolicy": "train_step_rules",
    "MemoizationPolicy": "train_step_rules",
}


@dataclass
class Row:
    """Consecutive steps of one meaning (the featurizers), as the page lists them."""

    text: str
    state: str  # of the latest of them: running, done, restored
    epoch: int
    epochs: int
    seconds: float


def _rows(request: web.Request, steps: List[Step]) -> List[Row]:
    rows: List[Row] = []
    for step in steps:
        key = STEP_TEXTS.get(step.component)
        text = t(request, key) if key else t(request, "train_step_other", name=step.component)
        if rows and rows[-1].text == text:
            row = rows[-1]
            row.state, row.epoch, row.epochs = step.state, step.epoch, step.epochs
            row.seconds += step.seconds or 0
        else:
            rows.append(Row(text, step.state, step.epoch, step.epochs, step.seconds or 0))
    return rows


def _trainer(request: web.Request) -> Trainer:
    return stores(request).trainer


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)}:{int(seconds % 60):02d}"


@routes.get(PAGE)
async def training_page(request: web.Request) -> web.Response:
    wanted: Path = await asyncio.get_running_loop().run_in_executor(None, model_path)  # reads the content
    live, pull = live_model(), request.app[LAST_PULL]
    training: Optional[Training] = _trainer(request).latest()
    live_name = fingerprint_of(live) if live else ""
    switching = bool(pull.at) and pull.fingerprint != live_name
    return render(
        request,
        "training.html",
        live=live_name,
        trained_at=clock(live.stat().st_mtime) if live else "",
        up_to_date=live is not None and live == wanted.resolve(),
        starter=live is not None and is_starter(live),
        pull=pull,
        asked_ago=int(time.time() - pull.at) if pull.at else None,
        answering_since=clock(pull.since) if pull.since else "",
        switching=switching,
        training=training,
        clock=clock,
        rows=_rows(request, training.progress.steps) if training else [],
        elapsed=_minutes(training.seconds) if training else "",
        reload=RELOAD_MS if switching or (training and training.state == "running") else 0,
    )


@routes.post(f"{PAGE}/start")
async def start(request: web.Request) -> web.Response:
    _trainer(request).start(staff(request).name)
    raise redirect(PAGE)
