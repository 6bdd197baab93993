"""Custom actions: thin adapters between Rasa and the plain-Python answers in bot/.

`rasa run actions --actions actions` imports every module of this package.
"""
