"""The training data generated from data/faq.yml: questions only, so an answer edit needs no retraining."""

from __future__ import annotations

import shutil

import pytest

from bot.faq.content import build_faq
from bot.processes.model import fingerprint
from bot.settings import ROOT
from bot.training import SOURCES
from bot.training.faq import training_data
from bot.content.yamlfile import ContentError, read_yaml


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    monkeypatch.setenv("QICC_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_the_faq_source_is_registered():
    assert "bot.training.faq:training_data" in SOURCES


def test_every_question_becomes_an_example_of_its_retrieval_intent(data_dir):
    faq = build_faq(read_yaml(data_dir / "faq.yml"), "faq.yml")
    data = training_data()
    examples = {block["intent"]: block["examples"] for block in data["nlu"]}
    assert set(examples) == {f"faq/{e.id}" for e in faq.entries}
    for entry in faq.entries:
        assert examples[f"faq/{entry.id}"].splitlines() == [f"- {q}" for _, q in entry.all_questions()]
    assert set(data["responses"]) == {f"utter_faq/{e.id}" for e in faq.entries}


def test_no_answer_text_goes_into_training(data_dir):
    faq = build_faq(read_yaml(data_dir / "faq.yml"), "faq.yml")
    generated = repr(training_data())
    for entry in faq.entries:
        assert entry.answer["en"][:30] not in generated and entry.answer["zh"][:15] not in generated


def test_editing_an_answer_keeps_the_model_and_editing_a_question_does_not(data_dir):
    path = data_dir / "faq.yml"
    original = path.read_text(encoding="utf-8")
    before = fingerprint()
    answer = build_faq(read_yaml(path), "faq.yml").get("tipping").answer["en"]
    path.write_text(original.replace(answer.split(":")[0][:30], "A completely new answer"), encoding="utf-8")
    assert fingerprint() == before
    path.write_text(original.replace("Should I tip in China?", "Should I tip waiters in China?"), encoding="utf-8")
    assert fingerprint() != before


def test_training_refuses_a_broken_file_with_its_problems(data_dir):
    (data_dir / "faq.yml").write_text("faq:\n  - id: x\n", encoding="utf-8")
    with pytest.raises(ContentError, match="faq.yml:2"):
        training_data()
