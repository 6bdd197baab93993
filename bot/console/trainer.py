"""The console's "retrain now": one `rasa train` at a time on a thread of its own, followed as it goes.

A training learns the training data as they are when it starts (their fingerprint names the model). When it
ends well the model is made live (bot.processes.model.make_live) and the Rasa server of this machine loads it
within seconds while the model before keeps answering (bot/rasa/model_pulling.py); when it fails nothing
changes for visitors, and its page says why with the end of Rasa's output. The trainings are kept in this
process only (a restart of the console forgets them, not the model they made); `qicc run` stopping stops a
training with the console, since it runs in the console's process group.
"""

from __future__ import annotations

import logging
import secrets
import subprocess
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Deque, List, Optional

from bot.console.history import MODEL, History
from bot.processes.model import fingerprint, make_live, model_path, train, train_command
from bot.processes.training_log import Progress

log = logging.getLogger(__name__)
KEPT_LINES = 40  # of Rasa's output, shown when a training fails


@dataclass
class Training:
    id: str
    author: str
    started: float
    state: str = "running"  # then done, or failed (the model before keeps answering)
    fingerprint: str = ""  # of the training data it learns, once read
    progress: Progress = field(default_factory=Progress)
    lines: Deque[str] = field(default_factory=lambda: deque(maxlen=KEPT_LINES))
    finished: float = 0.0
    error: str = ""

    @property
    def seconds(self) -> float:
        return (self.finished or time.time()) - self.started

    def read(self, line: str) -> None:
        self.lines.append(line)
        steps = len(self.progress.steps)
        self.progress.feed(line)
        for step in self.progress.steps[steps:]:  # one line per component in the log (qicc run's terminal)
            log.info("Training the model: %s %s", step.component, "(restored)" if step.state == "restored" else "...")


class Trainer:
    def __init__(self, history: History, command: Callable[[Path, str], List[str]] = train_command):
        self.history = history
        self.command = command
        self._latest: Optional[Training] = None
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="console-training")

    def start(self, author: str, only_if_missing: bool = False) -> Training:
        """A new training, or the one running (a second click, or another staff member's, joins it).
        ``only_if_missing``: a model of the current data that exists already is made live instead."""
        with self._lock:
            if self._latest and self._latest.state == "running":
                return self._latest
            self._latest = Training(secrets.token_urlsafe(12), author, time.time())
            self._worker.submit(self._run, self._latest, only_if_missing)
            return self._latest

    def latest(self) -> Optional[Training]:
        return self._latest

    def _run(self, training: Training, only_if_missing: bool = False) -> None:
        try:
            training.fingerprint = fingerprint()
            model = model_path(training.fingerprint)
            if not (only_if_missing and model.exists()):
                train(model, training.read, self.command)
            make_live(model)
            training.state = "done"
            log.info("The model %s is live: the assistant answers with it within seconds.", model.name)
            self.history.note(
                training.author,
                f"trained the model {training.fingerprint} and made it live",
                [f"+ {step.component}: {step.state}" for step in training.progress.steps],
                record=MODEL,
            )
        except subprocess.CalledProcessError as error:
            training.state, training.error = "failed", f"rasa train stopped with exit status {error.returncode}"
            log.error(
                "Training failed (%s); the model before keeps answering:\n%s", training.error, "\n".join(training.lines)
            )
        except Exception as error:  # reading the training data, or moving the model: the log has the trace
            log.exception("Training failed")
            training.state, training.error = "failed", f"{type(error).__name__}: {error}"
        finally:
            training.finished = time.time()
