"""Training data generated from the staff-edited content files at `rasa train` time.

Each source is a plain function returning Rasa's NLU YAML structure as Python data
({"nlu": [...], "responses": {...}}), so questions and names are written once, in the
content file, and never hand-copied into data/nlu/. The Rasa importer that merges them
is bot/training/importer.py. Add a source by adding its import path to SOURCES.
"""

from __future__ import annotations

import importlib
from typing import Callable, Dict, List

# "module:function" paths; each function takes no arguments and returns only what the model
# learns (questions, names), not answers, so that an edited answer needs no retraining.
SOURCES: List[str] = [
    "bot.training.faq:training_data",
    "bot.training.attractions:training_data",
]


def generated_training_data() -> List[Dict]:
    blocks = []
    for path in SOURCES:
        module, _, function = path.partition(":")
        source: Callable[[], Dict] = getattr(importlib.import_module(module), function)
        blocks.append(source())
    return blocks
