"""`ast.parse` serialised across threads on CPython < 3.12.

CPython 3.11 tracks the AST constructor's recursion depth in interpreter-global state; when two threads parse at
once (the server's request and background workers do), a parse can fail with "SystemError: AST constructor
recursion depth mismatch" (CPython gh-106905 and the reports linked there). `install()` wraps `ast.parse` (which
`ast.literal_eval` uses too) in one re-entrant lock. Newer interpreters are left alone.
"""

from __future__ import annotations

import ast
import sys
import threading

_LOCK = threading.RLock()


def install() -> None:
    """Idempotent; a no-op on CPython 3.12+."""
    if sys.version_info >= (3, 12) or getattr(ast.parse, "_clairvoyant_locked", False):
        return
    unlocked = ast.parse

    def parse(*args, **kwargs):
        with _LOCK:
            return unlocked(*args, **kwargs)

    parse.__doc__ = unlocked.__doc__
    parse._clairvoyant_locked = True  # type: ignore[attr-defined]
    ast.parse = parse
