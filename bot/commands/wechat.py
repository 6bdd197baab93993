"""`qicc wechat check`: the WeChat/WeCom channel texts (data/wechat_replies.yml) and settings."""

from __future__ import annotations

from bot.channels.wechat.config import ChannelConfig, wechat_config, wecom_config
from bot.channels.wechat.replies import KEYS, live_texts
from bot.commands.check import run_check


def register(subparsers) -> None:
    parser = subparsers.add_parser("wechat", help="the WeChat and WeCom channels (data/wechat_replies.yml, settings)")
    sub = parser.add_subparsers(dest="wechat_command", metavar="ACTION", required=True)
    check = sub.add_parser(
        "check",
        help="check data/wechat_replies.yml and the QICC_WECHAT_*/QICC_WECOM_* settings",
        description="Reports every problem in data/wechat_replies.yml with its line number, then what each "
        "channel is set up for (secret values are never shown). Exit code 1 on any problem "
        "in the file or in a channel that has a token.",
    )
    check.set_defaults(handler=_check)


def _check(args) -> int:
    status = run_check(str(live_texts().path), live_texts().load, lambda texts: f"{len(KEYS)} texts")
    for config in (wechat_config(), wecom_config()):
        problems = config.check()
        print(f"{config.kind}: {_describe(config)}")
        for problem in problems:
            print(f"  - {problem}")
        for warning in config.warnings():
            print(f"  - warning: {warning}")
        if problems and config.token:
            status = 1  # switched on but broken; without a token the channel is simply off
    return status


def _describe(config: ChannelConfig) -> str:
    if not config.token:
        return "off (no token)"
    mode = "safe mode (encrypted)" if config.aes_key else "plaintext mode"
    rotation = ", previous key accepted" if config.previous_aes_key else ""
    later = (
        "slow replies follow through the message API"
        if config.can_send_later()
        else "slow replies are lost (no API credentials)"
    )
    return f"{mode}{rotation}; passive replies within {config.budget:.1f} s, {later}; API at {config.api_base}"
