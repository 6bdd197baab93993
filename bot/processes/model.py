"""Train the Rasa model only when what it is trained from has changed.

The model file is named after a hash of the training inputs, so "is there a model for
this data" is a file lookup and an old model is never mistaken for a current one.

Two models can be trained from the same data: the full one (config.yml) and the starter model
(starter_config.yml beside this file), which needs no TensorFlow and trains in under a minute. `qicc run` serves
the starter model when no full model fits the data, while the full one trains beside it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, List, Optional

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
    """QICC_MODELS_DIR; by default Rasa's own folder, models/, so that `rasa shell` and `rasa test` find the
    model too."""
    return settings().models_dir


STARTER_CONFIG = Path(__file__).with_name("starter_config.yml")


def model_path(data: Optional[str] = None) -> Path:
    """The full model of the training data whose fingerprint is ``data`` (default: the data as they are)."""
    return models_dir() / f"qicc-{data or fingerprint()}.tar.gz"


STARTER_SUFFIX = "-starter.tar.gz"


def starter_path(data: Optional[str] = None) -> Path:
    """The starter model of the same data: served only until its full model is trained."""
    return models_dir() / f"qicc-{data or fingerprint()}{STARTER_SUFFIX}"


def is_starter(model: Path) -> bool:
    return model.name.endswith(STARTER_SUFFIX)


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


def rasa_train(*options: str) -> List[str]:
    """`rasa train` as every training here runs it. Without Rasa's check of the training data (8 s of each
    training, docs/benchmarks.md): data/'s own files are checked by the tests (`rasa data validate
    --fail-on-warnings`, tests/test_rasa_project.py) and each content file by its loader before it is used."""
    return [rasa_command(), "train", "--skip-validation", *options]


def train_command(out: Path, name: str) -> List[str]:
    """`rasa train` writing the model ``name``.tar.gz into ``out``, at a lower priority than the servers, so
    that visitors on the same machine are answered first while a model trains beside them."""
    return ["nice", "-n", "10", *rasa_train("--out", str(out), "--fixed-model-name", name)]


def starter_train_command(out: Path, name: str) -> List[str]:
    """`rasa train` of the starter model, at full priority: nothing answers visitors until it is done."""
    return rasa_train("--config", str(STARTER_CONFIG), "--out", str(out), "--fixed-model-name", name)


def _output_lines(stream: IO[bytes]) -> Iterator[str]:
    """A process's output as it comes, line by line; a progress bar's redraws (ended by \\r) are lines too."""
    pending = b""
    while chunk := stream.read1(4096):  # type: ignore[attr-defined]
        *lines, pending = re.split(rb"[\r\n]", pending + chunk)
        yield from (line.decode("utf-8", "replace") for line in lines if line.strip())
    if pending.strip():
        yield pending.decode("utf-8", "replace")


def train(
    path: Path,
    output: Optional[Callable[[str], None]] = None,
    command: Callable[[Path, str], List[str]] = train_command,
) -> Path:
    """Train the model ``path`` names. It is written in a folder of its own and moved into place once whole,
    so a model under models/ is always a finished one. Rasa's output goes to the terminal, or line by line to
    ``output``; a failed training raises subprocess.CalledProcessError and leaves no model behind."""
    models_dir().mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=".training-", dir=models_dir()))
    try:
        arguments = command(folder, path.name[: -len(".tar.gz")])
        if output is None:
            subprocess.run(arguments, cwd=settings().root, check=True)
        else:
            with subprocess.Popen(
                arguments, cwd=settings().root, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
            ) as process:
                assert process.stdout is not None
                for line in _output_lines(process.stdout):
                    output(line)
            if process.returncode:
                raise subprocess.CalledProcessError(process.returncode, arguments)
        os.replace(folder / path.name, path)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return path


def ensure_model(force: bool = False, data: Optional[str] = None) -> Path:
    """Return the current model, training it first when the training data changed, and make it live: a
    running assistant answers with it within seconds. ``data``: the data's fingerprint, when known."""
    path = model_path(data)
    if path.exists() and not force:
        log.info("Model is up to date: %s", path)
    else:
        log.info("Training data changed: training a new model (takes a few minutes)...")
        train(path)
    make_live(path)  # only once trained: a failed training raised above and the old model stays live
    return path


def ensure_starter(data: str) -> Path:
    """The starter model of the data whose fingerprint is ``data``, trained first if there is none."""
    path = starter_path(data)
    if path.exists():
        log.info("Starting on the starter model %s while the full model trains.", path)
    else:
        log.info(
            "No model fits the training data yet: training a starter model first (about a minute). The full "
            "model trains once the assistant answers, and takes over without a restart."
        )
        train(path, command=starter_train_command)
    return path
