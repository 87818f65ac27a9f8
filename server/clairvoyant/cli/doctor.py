"""``clairvoyant doctor``: which isolation the sandbox has on this machine (and so whether user code may run)."""

from __future__ import annotations

import json

from ..sandbox_isolation import hidden_dirs, isolation, kept_paths


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("doctor", help="report the sandbox's isolation on this machine")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def report() -> dict:
    """The sandbox part of the report: isolation mode, why, and what is hidden from sandboxed code."""
    iso = isolation()
    return {**iso.to_dict(), "user_code": "runs" if iso.available else "refused",
            "hidden": hidden_dirs(), "rebound_read_only": kept_paths()}  # fmt: skip


def run(args) -> int:
    sandbox = report()
    if args.json:
        print(json.dumps({"sandbox": sandbox}, indent=2))
    else:
        print(f"sandbox isolation: {sandbox['mode']} ({sandbox['detail']})")
        print(f"  user code (verified mode, LLM-written transforms): {sandbox['user_code']}")
        print(f"  hidden behind empty tmpfs: {', '.join(sandbox['hidden'])}")
        if sandbox["rebound_read_only"]:
            print(f"  bound back read-only: {', '.join(sandbox['rebound_read_only'])}")
    return 0 if sandbox["available"] else 1
