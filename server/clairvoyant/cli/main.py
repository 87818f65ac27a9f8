"""``clairvoyant`` command: argument parsing and dispatch to the subcommand modules."""

from __future__ import annotations

import argparse
import importlib
import logging
import sys

from .. import __version__

# Subcommand modules, in --help order. Each has ``add_parser(subparsers)``.
SUBCOMMAND_MODULES = ["serve", "predict", "transforms", "optimize", "bench", "models", "doctor", "demo"]


class UsageError(Exception):
    """A command-line mistake: printed to stderr with exit code 2."""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="clairvoyant",
        description="Shows what Python and LLVM IR will do before you run it: output prediction, "
        "synthesized quick fixes and learned LLVM pass pipelines.",
    )
    parser.add_argument("--version", action="version", version=f"clairvoyant {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages to stderr")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(f"clairvoyant.cli.{name}").add_parser(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``clairvoyant`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except UsageError as exc:
        print(f"clairvoyant {args.command}: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
