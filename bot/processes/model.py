"""Train the Rasa model only when what it is trained from has changed.

The model file is named after a hash of the training inputs, so "is there a model for
this data" is a file lookup and an old model is never mistaken for a current one.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Iterable, List, Optional

from bot.settings import settings
from bot.training import generated_training_data

log = logging.getLogger(__name__)

# What `rasa train` reads, relative to the project root. The training data generated from content
# files (FAQ questions, attraction names) counts too, but only as generated: editing an answer,
# which the assistant reads live, does not make the model stale.
TRAINING_INPUTS = ["config.yml", "domain.yml", "data/nlu", "data/rules", "data/stories", "bot/training"]


def _files(root: Path, names: Iterable[str]) -> List[Path]:
    found: List[Path] = []
    for name in names:
        path = root / name
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.suffix in (".yml", ".yaml", ".py")))
        elif path.exists():
            found.append(path)
    return found


def fingerprint() -> str:
    root = settings().root
    digest = hashlib.sha256()
    for path in _files(root, TRAINING_INPUTS):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    digest.update(json.dumps(generated_training_data(), sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:16]


def models_dir() -> Path:
    """Rasa's own default folder, so that `rasa shell` and `rasa test` find the model too."""
    return settings().root / "models"


def model_path() -> Path:
    return models_dir() / f"qicc-{fingerprint()}.tar.gz"


def live_pointer() -> Path:
    """The file naming the model the running assistant answers with (per state folder, so per replica)."""
    return settings().state_dir / "live-model"


def live_model() -> Optional[Path]:
    """The model the Rasa server is to answer with: the staff console serves it (/staff/model) and the Rasa
    server loads it within seconds of a change (bot/rasa/model_pulling.py); None before the first start."""
    try:
        path = Path(live_pointer().read_text(encoding="utf-8").strip())
    except OSError:
        return None
    return path if path.is_file() else None


def make_live(model: Path) -> None:
    """Let ``model`` answer visitors: written atomically, so a reader sees the old name or the new one."""
    pointer = live_pointer()
    pointer.parent.mkdir(parents=True, exist_ok=True)
    temporary = pointer.with_name(pointer.name + ".new")
    temporary.write_text(str(model.resolve()), encoding="utf-8")
    os.replace(temporary, pointer)


def rasa_command() -> str:
    """The `rasa` executable of this environment (beside the running Python)."""
    return str(Path(sys.executable).with_name("rasa"))


def ensure_model(force: bool = False) -> Path:
    """Return the current model, training it first when the training data changed, and make it live: a
    running assistant answers with it within seconds."""
    path = model_path()
    if path.exists() and not force:
        log.info("Model is up to date: %s", path)
        make_live(path)
        return path
    log.info("Training data changed: training a new model (takes a few minutes)...")
    models_dir().mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [rasa_command(), "train", "--out", str(models_dir()), "--fixed-model-name", path.name[: -len(".tar.gz")]],
        cwd=settings().root,
        check=True,
    )
    make_live(path)  # only once trained: a failed training raised above and the old model stays live
    return path
