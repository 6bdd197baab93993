"""Whether an answer fits the question: the one place that decides it.

The intent model is one signal, not the judge. ``choice.choose`` weighs, in this order: a question for
the emergency numbers (always answered with them), a near-verbatim match in the live content (an FAQ
question, an attraction's name), and the model's ranked intents, each taken only when the visitor's words
fit what that answer is about (``fit``). When nothing fits, the caller gives the honest reply with the
phone number and records the question for staff. Plain Python: no Rasa import.
"""
