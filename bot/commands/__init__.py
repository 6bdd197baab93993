"""One module per `qicc` subcommand group; each exposes register(subparsers)."""
