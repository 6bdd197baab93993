"""Rasa importer: the project's data/ files plus what bot.training generates from content files.

Named in config.yml under `importers`, so `rasa train`, `rasa test` and `rasa data validate`
all see the same training data.
"""

from __future__ import annotations

from typing import Optional, Text

from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.training_data import TrainingData
from rasa.shared.utils.io import dump_obj_as_yaml_to_string

from bot.training import generated_training_data


class ContentImporter(RasaFileImporter):
    def get_nlu_data(self, language: Optional[Text] = "en") -> TrainingData:
        data = super().get_nlu_data(language)
        for block in generated_training_data():
            text = dump_obj_as_yaml_to_string({"version": "3.1", **block})
            data = data.merge(RasaYAMLReader().reads(text))
        return data
