"""The FAQ's ResponseSelector, run only for messages that ask the FAQ.

Rasa's ResponseSelector picks an entry for every message, whatever its intent, and only action_faq
(for the intent `faq`) reads the choice: every other message paid a second TensorFlow model run for
nothing (10 % of the Rasa server's time under load, see docs/benchmarks.md).
Training is Rasa's, unchanged. Named in config.yml after DIETClassifier, whose intent it reads.
"""

from __future__ import annotations

from typing import List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.selectors.response_selector import ResponseSelector
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY
from rasa.shared.nlu.training_data.message import Message


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class FaqResponseSelector(ResponseSelector):
    def process(self, messages: List[Message]) -> List[Message]:
        super().process([message for message in messages if self._asks(message)])
        return messages

    def _asks(self, message: Message) -> bool:
        """True when the intent classifier took the message for this selector's retrieval intent."""
        return (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == self.retrieval_intent
