"""DIET and the FAQ selector loaded for prediction only: a fraction of the time, half the memory.

Rasa 3.6's RasaModel.load builds a model's weights by training it on one example (Keras's fit), then
overwrites them with the saved ones: it traces and keeps the whole training graph (gradients, the
optimizer's slots) in a server that only predicts. Here the saved weights are restored into the
variables that a first prediction creates (TensorFlow matches a checkpoint's values to variables by
their place in the model, whenever the variables come). On this assistant's model (docs/benchmarks.md,
"Loading for prediction only") the three load in 10 s instead of 41 and hold 760 MB instead of 1,530,
and the 622 evaluation questions get the same intents, confidences and FAQ entries.

Incremental training (finetune_mode) needs the optimizer and keeps Rasa's load. A variable that the
prediction uses and that found no saved value would predict with random weights: that is checked, and
then Rasa's own load is used instead. Installed by bot/rasa/server.py.
"""

from __future__ import annotations

import logging
from typing import Any, Optional, Type

from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)
_rasa_load = RasaModel.load.__func__


def load_for_prediction(
    cls: Type[RasaModel],
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: Optional[RasaModelData] = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """RasaModel.load's signature and result, without building the training graph when it can."""
    model = (
        None
        if finetune_mode or predict_data_example is None
        else _predicting(cls, model_file_name, predict_data_example, *args, **kwargs)
    )
    if model is None:
        model = _rasa_load(
            cls, model_file_name, model_data_example, predict_data_example, finetune_mode, *args, **kwargs
        )
    return model


def _predicting(
    cls: Type[RasaModel], model_file_name: str, predict_data_example: RasaModelData, *args: Any, **kwargs: Any
) -> Optional[RasaModel]:
    """The model with its saved weights in the variables a first prediction creates; None if any of them
    found no saved value."""
    model = cls(*args, **kwargs)
    restored = model.load_weights(model_file_name)
    model.run_inference(predict_data_example)  # creates the variables a prediction uses; they take the saved values
    try:
        # The training-only objects (optimizer, losses) were never made: only what exists must match.
        restored.assert_existing_objects_matched().expect_partial()
    except AssertionError as unmatched:
        logger.warning(
            "%s: weights left unrestored when loaded for prediction (%s); Rasa's own load instead",
            cls.__name__,
            unmatched,
        )
        return None
    return model


def install() -> None:
    RasaModel.load = classmethod(load_for_prediction)
