"""The top-level statements around a line range, so quick fixes re-parse only that region of a large file."""

from __future__ import annotations

import ast
import warnings


def statement_region(text: str, start_line: int, end_line: int) -> tuple[int, int] | None:
    """(first, last) 0-based lines of the top-level statements overlapping start..end (decorators included).

    None when the file does not parse. The region parses on its own because top-level statements start at column 0.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    first = last = None
    for node in tree.body:
        decorators = getattr(node, "decorator_list", [])
        top = min([node.lineno] + [d.lineno for d in decorators]) - 1
        bottom = (node.end_lineno or node.lineno) - 1
        if bottom < start_line or top > end_line:
            continue
        first = top if first is None else min(first, top)
        last = bottom if last is None else max(last, bottom)
    if first is None:
        return None
    return first, last
