"""The TensorFlow models loaded for prediction only (bot/rasa/prediction_load.py) predict what Rasa's own load does."""

from __future__ import annotations

import asyncio
from typing import Any, List

from rasa.core.agent import Agent
from rasa.utils.tensorflow.models import RasaModel

from bot.rasa import prediction_load

MESSAGES = [
    "are you open on saturday?",
    "周日开门吗",
    "how do I get to Zhanqiao Pier",
    "崂山门票多少钱",
    "can I pay with a foreign credit card?",
    "我的护照丢了怎么办",
    "any business news about the free trade zone?",
    "I want to talk to a person",
]


async def _predictions(agent: Agent) -> List[Any]:
    """Per message: intent ranking, entities and the FAQ selector's ranking."""
    found: List[Any] = []
    for text in MESSAGES:
        parsed = await agent.parse_message(text)
        faq = parsed.get("response_selector", {}).get("faq", {}).get("ranking", [])
        found.append(
            (
                [(intent["name"], round(intent["confidence"], 5)) for intent in parsed["intent_ranking"]],
                [(entity["entity"], entity["value"]) for entity in parsed["entities"]],
                [(entry["intent_response_key"], round(entry["confidence"], 5)) for entry in faq],
            )
        )
    return found


def test_the_model_loaded_for_prediction_only_predicts_as_rasas_own_load(trained_model, monkeypatch):
    rasa_loaded = asyncio.run(_predictions(Agent.load(str(trained_model))))
    monkeypatch.setattr(RasaModel, "load", RasaModel.__dict__["load"])  # put back after the test
    prediction_load.install()
    assert asyncio.run(_predictions(Agent.load(str(trained_model)))) == rasa_loaded
    assert any(entities for _, entities, _ in rasa_loaded)  # the names' entities were compared
    assert any(faq for _, _, faq in rasa_loaded)  # and the FAQ selector's ranking
