"""Training data for the FAQ: the retrieval intent faq/<id>, learnt from data/faq.yml's questions.

Only the questions and ids are training data. Each response is a placeholder that names the
entry, never its answer: the answer is read from the live file by action_faq, so an edited
answer changes neither the training data nor the model's fingerprint.
"""

from __future__ import annotations

from typing import Dict

from bot.faq.content import live_faq

RETRIEVAL_INTENT = "faq"


def placeholder(entry_id: str) -> str:
    return f"(answered by action_faq from data/faq.yml, entry {entry_id})"


def training_data() -> Dict:
    """Raises ContentError (file and line of every problem) when data/faq.yml cannot be used."""
    faq = live_faq().load()
    nlu = [
        {
            "intent": f"{RETRIEVAL_INTENT}/{entry.id}",
            "examples": "".join(f"- {_one_line(q)}\n" for _, q in entry.all_questions()),
        }
        for entry in faq.entries
    ]
    responses = {f"utter_{RETRIEVAL_INTENT}/{entry.id}": [{"text": placeholder(entry.id)}] for entry in faq.entries}
    return {"nlu": nlu, "responses": responses}


def _one_line(text: str) -> str:
    return " ".join(text.split())
