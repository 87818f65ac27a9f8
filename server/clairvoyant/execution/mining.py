"""Mine self-contained, pure functions from Python sources (the stdlib, installed packages) for training data.

A function qualifies when it is a plain top-level `def` with 1-3 positional parameters whose free names are
all harmless builtins (so its source alone runs), with no I/O builtins, `global`, `yield`, `await`, decorators
or attribute access on dunder names. Inputs are found by trying typed random values (`progen.rand_value`):
type-guided search keeps the parameter types for which the function returns without raising.
"""

from __future__ import annotations

import ast
import builtins
import sys
from collections.abc import Iterator
from pathlib import Path

UNSAFE_BUILTINS = {
    "open", "print", "input", "exec", "eval", "compile", "__import__", "breakpoint", "exit", "quit", "help",
    "globals", "locals", "vars", "memoryview", "setattr", "delattr", "getattr", "object", "type", "super",
    "id", "hash", "dir", "iter", "next", "aiter", "anext",
}  # fmt: skip
SAFE_BUILTINS = set(dir(builtins)) - UNSAFE_BUILTINS


def _free_names(fn: ast.FunctionDef) -> set[str]:
    bound = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
    loads = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            (loads if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.Lambda)) and node is not fn:
            bound |= {a.arg for a in node.args.args}
            if isinstance(node, ast.FunctionDef):
                bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            bound.add(node.name)
    return loads - bound


def _qualifies(fn: ast.FunctionDef) -> bool:
    args = fn.args
    if fn.decorator_list or args.vararg or args.kwarg or args.kwonlyargs or args.posonlyargs:
        return False
    if not 1 <= len(args.args) <= 3 or len(args.args) - len(args.defaults) < 1:
        return False
    for node in ast.walk(fn):
        if isinstance(node, (ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await, ast.AsyncFunctionDef)):
            return False
        if isinstance(node, ast.Attribute) and node.attr.startswith("__"):
            return False
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.ClassDef, ast.With, ast.Raise)):
            return False
    return _free_names(fn) <= SAFE_BUILTINS and len(ast.unparse(fn)) <= 1200


def mine_file(path: Path) -> Iterator[tuple[str, str, int]]:
    """Yield (function source, function name, number of required parameters) for qualifying functions."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (SyntaxError, UnicodeDecodeError, ValueError, OSError):
        return
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("__") and _qualifies(node):
            node.body = [s for s in node.body if not _is_docstring(s)] or [ast.Pass()]
            yield ast.unparse(node), node.name, len(node.args.args) - len(node.args.defaults)


def _is_docstring(stmt: ast.stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def source_roots() -> list[Path]:
    """The stdlib directory and site-packages of the running interpreter."""
    stdlib = Path(sys.modules["os"].__file__).parent
    roots = [stdlib] + [Path(p) for p in sys.path if p.endswith("site-packages")]
    return [r for r in dict.fromkeys(roots) if r.is_dir()]


def mine(roots: list[Path] | None = None) -> list[tuple[str, str, int]]:
    """All qualifying functions under `roots` (test directories skipped), deduplicated by source."""
    seen, out = set(), []
    for root in roots or source_roots():
        for path in sorted(root.rglob("*.py")):
            if any(part in ("test", "tests", "idle_test", "lib2to3") for part in path.parts):
                continue
            for src, name, n_req in mine_file(path):
                if src not in seen:
                    seen.add(src)
                    out.append((src, name, n_req))
    return out
