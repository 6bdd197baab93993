"""The model's tokenizer: Jieba's segmentation through rjieba, the segmenter the matchers, the fit check
and the search index use, so that the model and the actions split a message into the same words.

Rasa's own JiebaTokenizer gives the same tokens but loads the Python jieba, whose dictionary costs about
80 MB and 1 to 3 s in every process; rjieba (the same dictionary and algorithm in Rust) costs about 30 MB and
0.2 s (docs/benchmarks.md).
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

import rjieba
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.tokenizer import Token, Tokenizer
from rasa.shared.nlu.training_data.message import Message

from bot.language import HAN

# Latin text as the Python jieba splits it, at every character that is not an ASCII letter or digit ("wi-fi":
# wi / - / fi), where rjieba keeps "wi-fi" whole: the same tokens as the model was measured with.
_LATIN_PIECE = re.compile(r"[A-Za-z0-9]+|[^A-Za-z0-9]")


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=False)
class ChineseTokenizer(Tokenizer):
    """Chinese runs split into words, other text on spaces and punctuation, which come out as tokens of
    their own: the tokens of Rasa's JiebaTokenizer (tests/test_tokenizer.py)."""

    @staticmethod
    def supported_languages() -> Optional[List[Text]]:
        return ["zh"]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "intent_tokenization_flag": False,
            "intent_split_symbol": "_",
            "token_pattern": None,
            "prefix_separator_symbol": None,
        }

    @classmethod
    def create(
        cls,
        config: Dict[Text, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> ChineseTokenizer:
        return cls(config)

    def tokenize(self, message: Message, attribute: Text) -> List[Token]:
        tokens: List[Token] = []
        for word, start, _ in rjieba.tokenize(message.get(attribute)):
            if HAN.search(word):
                tokens.append(Token(word, start))
            else:
                tokens.extend(Token(piece[0], start + piece.start()) for piece in _LATIN_PIECE.finditer(word))
        return self._apply_token_pattern(tokens)
