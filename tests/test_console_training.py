"""The console's training job, with a stand-in for `rasa train` that prints what Rasa prints: its progress
is read as it goes, a model that trained is moved into place and made live with a line in the history, and a
training that fails changes nothing for visitors and keeps the end of its output for staff to read."""

from __future__ import annotations

import sys
import textwrap
import time

import pytest

from bot.console.database import engine
from bot.console.history import MODEL, History
from bot.console.trainer import Trainer
from bot.processes.model import live_model, make_live, model_path

RASA_LIKE = textwrap.dedent(
    """\
    import sys, time
    from pathlib import Path
    out, name, outcome = sys.argv[1:]
    def log(text):
        print(time.strftime("%Y-%m-%d %H:%M:%S") + " INFO     rasa.engine.training.hooks  - " + text, flush=True)
    log("Restored component 'JiebaTokenizer' from cache.")
    log("Starting to train component 'DIETClassifier'.")
    for epoch in range(1, 4):
        sys.stdout.write(f"\\rEpochs:  {epoch * 33}%|###       | {epoch}/3 [00:0{epoch}<00:02, 1.00it/s]")
        sys.stdout.flush()
        time.sleep(0.05)
    print()
    if outcome == "fail":
        print("MemoryError: out of memory while training DIETClassifier", flush=True)
        sys.exit(1)
    log("Finished training component 'DIETClassifier'.")
    Path(out, name + ".tar.gz").write_bytes(b"a model")
    print(f"Your Rasa model is trained and saved at '{out}/{name}.tar.gz'.", flush=True)
    """
)


@pytest.fixture
def trainer_for(content, tmp_path, monkeypatch):
    """A trainer whose `rasa train` is the stand-in above, ending as told, with models in a folder of the test."""
    monkeypatch.setenv("QICC_MODELS_DIR", str(tmp_path / "models"))
    script = tmp_path / "rasa_like.py"
    script.write_text(RASA_LIKE, encoding="utf-8")
    history = History(engine())

    def make(outcome: str) -> Trainer:
        return Trainer(history, command=lambda out, name: [sys.executable, str(script), str(out), name, outcome])

    return make, history


def finished(trainer: Trainer):
    deadline = time.monotonic() + 60
    while (training := trainer.latest()) and training.state == "running":
        assert time.monotonic() < deadline, "the training did not end"
        time.sleep(0.05)
    return training


def test_a_model_that_trained_is_made_live_and_noted_in_the_history(trainer_for):
    make, history = trainer_for
    trainer = make("succeed")
    training = trainer.start("bo")
    assert trainer.start("ada") is training  # one training at a time: a second click joins it
    assert finished(trainer) is training
    assert training.state == "done", training.error
    assert live_model() == model_path().resolve()
    assert live_model().read_bytes() == b"a model"
    assert [(s.component, s.state, s.epoch, s.epochs) for s in training.progress.steps] == [
        ("JiebaTokenizer", "restored", 0, 0),
        ("DIETClassifier", "done", 3, 3),
    ]
    assert training.progress.saved
    assert not list(model_path().parent.glob(".training-*"))  # its own folder is gone
    [change] = history.recent(MODEL)
    assert change.author == "bo" and training.fingerprint in change.summary


def test_a_failed_training_leaves_the_model_before_answering_and_says_why(trainer_for, tmp_path):
    make, history = trainer_for
    before = tmp_path / "qicc-before.tar.gz"
    before.write_bytes(b"the model before")
    make_live(before)
    trainer = make("fail")
    trainer.start("bo")
    training = finished(trainer)
    assert training.state == "failed"
    assert "exit status 1" in training.error
    assert any("out of memory" in line for line in training.lines)
    assert training.progress.current and training.progress.current.epoch == 3  # where it stopped
    assert live_model() == before.resolve()
    assert not model_path().exists() and not list(model_path().parent.glob(".training-*"))
    assert history.recent(MODEL) == []


def test_the_full_model_asked_for_at_start_is_trained_when_missing_and_only_made_live_when_there(trainer_for):
    make, history = trainer_for
    trainer = make("succeed")
    trainer.start("qicc run", only_if_missing=True)
    assert finished(trainer).state == "done"
    assert live_model() == model_path().resolve() and live_model().read_bytes() == b"a model"
    model_path().write_bytes(b"trained before this start")
    make_live(model_path().with_name("qicc-starter.tar.gz"))
    again = make("fail")  # a training would fail: none may run
    again.start("qicc run", only_if_missing=True)
    assert finished(again).state == "done"
    assert live_model() == model_path().resolve() and live_model().read_bytes() == b"trained before this start"
