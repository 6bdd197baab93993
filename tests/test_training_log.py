"""The training-time breakdown reads Rasa's component log lines, adding up components of one name."""

from __future__ import annotations

from bot.processes.training_log import OUTSIDE, component_seconds

LOG = """\
2026-12-01 21:22:27 INFO     rasa.engine.training.hooks  - Starting to train component 'TEDPolicy'.
Epochs: 100%|##########| 60/60 [01:35<00:00]
2026-12-01 21:24:02 INFO     rasa.engine.training.hooks  - Finished training component 'TEDPolicy'.
2026-12-01 21:24:15 INFO     rasa.engine.training.hooks  - Starting to train component 'CountVectorsFeaturizer'.
2026-12-01 21:24:16 INFO     rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer  - 1113 vocabulary items
2026-12-01 21:24:16 INFO     rasa.engine.training.hooks  - Finished training component 'CountVectorsFeaturizer'.
2026-12-01 21:24:19 INFO     rasa.engine.training.hooks  - Starting to train component 'CountVectorsFeaturizer'.
2026-12-01 21:24:21 INFO     rasa.engine.training.hooks  - Finished training component 'CountVectorsFeaturizer'.
2026-12-01 21:24:29 INFO     rasa.engine.training.hooks  - Starting to train component 'DIETClassifier'.
"""


def test_components_are_timed_and_the_rest_is_outside():
    seconds = component_seconds(LOG, total_seconds=200)
    assert seconds["TEDPolicy"] == 95
    assert seconds["CountVectorsFeaturizer"] == 3  # two featurizers of that name
    assert "DIETClassifier" not in seconds  # never finished: not counted
    assert seconds[OUTSIDE] == 200 - 98
