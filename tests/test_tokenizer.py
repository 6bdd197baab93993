"""The model's tokenizer (config.yml): Chinese split into words with their places in the text, English on
spaces; spaces and punctuation stay tokens of their own, as the model was trained with them."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa.shared.nlu.training_data.message import Message

from bot.rasa.tokenizer import ChineseTokenizer


ROOT = Path(__file__).resolve().parent.parent


def _configured() -> ChineseTokenizer:
    pipeline = yaml.safe_load((ROOT / "config.yml").read_text(encoding="utf-8"))["pipeline"]
    (options,) = [c for c in pipeline if c["name"] == "bot.rasa.tokenizer.ChineseTokenizer"]
    config = {**ChineseTokenizer.get_default_config(), **{k: v for k, v in options.items() if k != "name"}}
    return ChineseTokenizer(config)


def _tokens(text: str):
    return [(t.text, t.start, t.end) for t in _configured().tokenize(Message({"text": text}), "text")]


def test_chinese_is_split_into_words_at_their_places():
    assert _tokens("崂山怎么去？") == [("崂山", 0, 2), ("怎么", 2, 4), ("去", 4, 5), ("？", 5, 6)]


def test_english_and_mixed_text_split_into_words_spaces_and_punctuation():
    assert _tokens("Where is 崂山, please?") == [
        ("Where", 0, 5),
        (" ", 5, 6),
        ("is", 6, 8),
        (" ", 8, 9),
        ("崂山", 9, 11),
        (",", 11, 12),
        (" ", 12, 13),
        ("please", 13, 19),
        ("?", 19, 20),
    ]


def test_hyphenated_words_are_split_as_the_python_jieba_splits_them():
    assert [t for t, _, _ in _tokens("free wi-fi, 240-hour visa")] == [
        "free",
        " ",
        "wi",
        "-",
        "fi",
        ",",
        " ",
        "240",
        "-",
        "hour",
        " ",
        "visa",
    ]
