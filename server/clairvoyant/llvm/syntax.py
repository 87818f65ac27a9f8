"""Syntax-aware ranges in LLVM IR text with tree-sitter-llvm: where each function definition starts and ends."""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class FunctionRange:
    """A ``define`` from its first to its last line (0-based, inclusive)."""

    name: str
    start_line: int
    end_line: int


@lru_cache(maxsize=1)
def _parser():
    import tree_sitter_llvm
    from tree_sitter import Language, Parser

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # the grammar hands over an int, not a capsule
        return Parser(Language(tree_sitter_llvm.language()))


def function_ranges(text: str) -> list[FunctionRange]:
    """The function definitions of ``text`` (also of IR with syntax errors elsewhere: tree-sitter recovers)."""
    tree = _parser().parse(text.encode("utf-8", "surrogatepass"))
    ranges = []
    for node in tree.root_node.children:
        if node.type != "fn_define":
            continue
        header = next((c for c in node.children if c.type == "function_header"), None)
        name = next((c.text.decode("utf-8", "replace") for c in (header.children if header else [])
                     if c.type == "global_var"), None)
        if name:
            ranges.append(FunctionRange(name.lstrip("@").strip('"'), node.start_point[0], node.end_point[0]))
    return ranges


def function_at(text: str, line: int) -> FunctionRange | None:
    """The function definition that contains ``line``, if any."""
    return next((r for r in function_ranges(text) if r.start_line <= line <= r.end_line), None)
