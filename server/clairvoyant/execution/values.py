"""The one notion of "the same value", used by the hover, the CLI and the benchmarks.

Two value texts are equal when `eval(a) == eval(b)`: literals are compared directly; anything else (`set()`,
`inf`, a `range`) is evaluated in the sandbox, since predicted text is model output.
"""

from __future__ import annotations

import ast


def parses(text: str) -> bool:
    """`text` is one complete Python expression."""
    try:
        ast.parse(text.strip(), mode="eval")
        return True
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return False


def same_value(a: str, b: str, *, evaluate: bool = True) -> bool:
    """eval(a) == eval(b). With ``evaluate=False`` non-literals are compared as text (no subprocess)."""
    try:
        return ast.literal_eval(a.strip()) == ast.literal_eval(b.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    if not (parses(a) and parses(b)):
        return False
    if not evaluate:
        return a.strip() == b.strip()
    from ..sandbox import run_python

    res = run_python(f"print(({a.strip()}) == ({b.strip()}))", timeout_s=2.0)
    return res.ok and res.stdout.strip() == "True"
