"""The web chat: a page at /chat/ and a widget for the center's website, both served by the Rasa server."""
