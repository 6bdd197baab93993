"""The WeChat Official Account and WeCom channels (see channel.py), with their protocol in small modules.

The channel classes are imported on first use, so that the protocol modules (cipher, signature,
XML, ...) can be used and tested without loading Rasa.
"""

from typing import Any

__all__ = ["WeChatInput", "WeComInput"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from bot.channels.wechat import channel

        return getattr(channel, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
