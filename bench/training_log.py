"""Where a `rasa train` spends its time, read from Rasa's own log of the components it trains.

Rasa logs "Starting to train component 'X'." and "Finished training component 'X'." with a timestamp
(to the second) for every component of the pipeline and the policies; what lies outside them is the
start (imports, reading and validating the training data) and the end (writing the model).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Dict

_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) +INFO +rasa\.engine\.training\.hooks +- "
    r"(Starting to train|Finished training) component '(\w+)'",
    re.MULTILINE,
)
OUTSIDE = "outside the components (imports, data reading and validation, saving)"


def component_seconds(output: str, total_seconds: float) -> Dict[str, float]:
    """Component name -> seconds (components of one name, such as two featurizers, added up), and OUTSIDE."""
    seconds: Dict[str, float] = {}
    started: Dict[str, datetime] = {}
    for stamp, event, name in _LINE.findall(output):
        moment = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S")
        if event.startswith("Starting"):
            started[name] = moment
        elif name in started:
            seconds[name] = seconds.get(name, 0.0) + (moment - started.pop(name)).total_seconds()
    seconds[OUTSIDE] = max(0.0, total_seconds - sum(seconds.values()))
    return seconds
