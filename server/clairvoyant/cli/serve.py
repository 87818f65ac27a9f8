"""``clairvoyant serve``: the language server over stdio (default) or TCP."""

from __future__ import annotations

import logging


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("serve", help="run the language server (stdio by default)")
    parser.add_argument("--stdio", action="store_true", help="talk LSP over stdin/stdout (the default)")
    parser.add_argument("--tcp", metavar="HOST:PORT", help="listen on a TCP socket instead, for debugging")
    parser.add_argument("--log-file", metavar="PATH", help="also write the server log to this file")
    parser.add_argument("--log-level", default="info", choices=["debug", "info", "warning", "error"],
                        help="level of the log file (stderr gets warnings and errors)")
    parser.set_defaults(func=run)


def run(args) -> int:
    from ..lsp.server import create_server

    stderr = logging.StreamHandler()
    stderr.setLevel(logging.WARNING)
    handlers: list[logging.Handler] = [stderr]
    if args.log_file:
        handlers.append(logging.FileHandler(args.log_file, encoding="utf-8"))
    logging.basicConfig(
        level=getattr(logging, args.log_level.upper()),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        handlers=handlers,
        force=True,
    )
    # pygls logs every message at INFO; keep that for --log-level debug only.
    logging.getLogger("pygls").setLevel(logging.DEBUG if args.log_level == "debug" else logging.WARNING)
    server = create_server()
    if args.tcp:
        host, _, port = args.tcp.rpartition(":")
        server.start_tcp(host or "127.0.0.1", int(port))
    else:
        server.start_io()
    return 0
