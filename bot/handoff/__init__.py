"""Talking to a person: who has a conversation, the rules of handing it over and back, and its store."""
