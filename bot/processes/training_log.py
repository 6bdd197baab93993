"""What a `rasa train` is doing and where its time went, read from Rasa's own output.

Rasa logs "Starting to train component 'X'.", "Finished training component 'X'." (or "Restored component 'X'
from cache.") with a timestamp (to the second) for every component of the pipeline and the policies, and the
components that learn in epochs draw a progress bar ("Epochs:  45%|...| 27/60 [...]"). What lies outside the
components is the start (imports, reading and validating the training data) and the end (writing the model).
The benchmark reads a whole run (component_seconds); the console's Training page follows one as it goes
(Progress).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Dict, List, Optional

_STAMP = r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) +INFO +rasa\.engine\.training\.hooks +- "
_LINE = re.compile(_STAMP + r"(Starting to train|Finished training) component '(\w+)'", re.MULTILINE)
_RESTORED = re.compile(_STAMP + r"Restored component '(\w+)' from cache")
_EPOCHS = re.compile(r"Epochs: +\d+%\|[^|]*\| *(\d+)/(\d+)")
_SAVED = re.compile(r"Your Rasa model is trained and saved")
OUTSIDE = "outside the components (imports, data reading and validation, saving)"


def _moment(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")


def component_seconds(output: str, total_seconds: float) -> Dict[str, float]:
    """Component name -> seconds (components of one name, such as two featurizers, added up), and OUTSIDE."""
    seconds: Dict[str, float] = {}
    started: Dict[str, datetime] = {}
    for stamp, event, name in _LINE.findall(output):
        moment = _moment(stamp)
        if event.startswith("Starting"):
            started[name] = moment
        elif name in started:
            seconds[name] = seconds.get(name, 0.0) + (moment - started.pop(name)).total_seconds()
    seconds[OUTSIDE] = max(0.0, total_seconds - sum(seconds.values()))
    return seconds


@dataclass
class Step:
    """One component's training: running, done, or restored (from Rasa's cache: its inputs had not changed)."""

    component: str
    state: str = "running"
    epoch: int = 0  # epochs done, for a component that learns in epochs
    epochs: int = 0  # of how many; 0: it does not
    started: Optional[datetime] = None
    seconds: Optional[float] = None  # once done


@dataclass
class Progress:
    """A training as far as its output tells, fed line by line (a progress bar's redraws count as lines)."""

    steps: List[Step] = field(default_factory=list)
    saved: bool = False  # Rasa said the model is written

    def feed(self, line: str) -> None:
        if match := _LINE.search(line):
            stamp, event, name = match.groups()
            if event.startswith("Starting"):
                self.steps.append(Step(name, started=_moment(stamp)))
            elif (step := self.current) and step.component == name:
                step.state = "done"
                step.seconds = (_moment(stamp) - step.started).total_seconds() if step.started else None
        elif match := _RESTORED.search(line):
            self.steps.append(Step(match.group(2), state="restored"))
        elif (match := _EPOCHS.search(line)) and (step := self.current):
            step.epoch, step.epochs = int(match.group(1)), int(match.group(2))
        elif _SAVED.search(line):
            self.saved = True

    @property
    def current(self) -> Optional[Step]:
        """The component training now, if one is."""
        return self.steps[-1] if self.steps and self.steps[-1].state == "running" else None
