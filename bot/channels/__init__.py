"""Channels that bring visitors' messages to the Rasa server (web chat, WeChat)."""
