"""Where the assistant extends Rasa: its server start, tracker and lock stores, reply schema and version check."""
