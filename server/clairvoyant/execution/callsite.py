"""Source analysis for output prediction: the call under the cursor, example calls, the minimal prompt code.

Positions are 0-based (line, column) with columns in characters of the line (the LSP layer converts UTF-16).
A call is predictable when its callee is a top-level function of the document and every argument is a literal
or a name bound (at module level, or earlier in the same function) to a literal; names are replaced by their
literal text so the call stands on its own.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass


@dataclass
class CallSite:
    function: str
    call: str  # self-contained call expression, names replaced by their literal values
    start: tuple[int, int]  # 0-based (line, col), characters
    end: tuple[int, int]


@dataclass
class PromptCode:
    """The code shown to the model and, for each of its lines, the 0-based line in the document."""

    code: str
    line_map: list[int]


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(source)
    except (SyntaxError, ValueError):
        return None


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}


def _char_col(lines: list[str], lineno: int, byte_col: int) -> int:
    """ast columns are UTF-8 byte offsets; convert to a character offset."""
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    return len(line.encode("utf-8")[:byte_col].decode("utf-8", errors="ignore"))


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def _literal_bindings(stmts: list[ast.stmt], before_line: int) -> dict[str, str]:
    """name -> literal source for simple `name = <literal>` assignments before `before_line` (last one wins)."""
    out: dict[str, str] = {}
    for st in stmts:
        if st.lineno >= before_line:
            break
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name):
            name = st.targets[0].id
            if _is_literal(st.value):
                out[name] = ast.unparse(st.value)
            else:
                out.pop(name, None)
        elif isinstance(st, (ast.AugAssign, ast.AnnAssign)) and isinstance(st.target, ast.Name):
            out.pop(st.target.id, None)
    return out


def _resolve_call(call: ast.Call, bindings: dict[str, str]) -> str | None:
    """The call as text with bound names substituted, or None when an argument is not a literal."""
    parts = []
    for arg in call.args:
        if isinstance(arg, ast.Starred):
            return None
        if _is_literal(arg):
            parts.append(ast.unparse(arg))
        elif isinstance(arg, ast.Name) and arg.id in bindings:
            parts.append(bindings[arg.id])
        else:
            return None
    for kw in call.keywords:
        if kw.arg is None:
            return None
        if _is_literal(kw.value):
            parts.append(f"{kw.arg}={ast.unparse(kw.value)}")
        elif isinstance(kw.value, ast.Name) and kw.value.id in bindings:
            parts.append(f"{kw.arg}={bindings[kw.value.id]}")
        else:
            return None
    return f"{call.func.id}({', '.join(parts)})"


def _calls_with_scope(tree: ast.Module):
    """Yield (call node, statements of its scope) for calls of top-level functions, anywhere in the module."""
    funcs = _functions(tree)
    scopes: list[tuple[ast.AST, list[ast.stmt]]] = [(tree, tree.body)]
    scopes += [(n, n.body) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for owner, body in scopes:
        for node in _walk_scope(owner):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in funcs:
                yield node, body


def _walk_scope(owner: ast.AST):
    """ast.walk that does not descend into nested function definitions."""
    stack = list(ast.iter_child_nodes(owner))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def call_at(source: str, line: int, col: int) -> CallSite | None:
    """The innermost predictable call whose range contains the 0-based position (line, col), else None."""
    tree = _parse(source)
    if tree is None:
        return None
    lines = source.splitlines()
    module_bindings = _literal_bindings(tree.body, 10**9)
    best: tuple[int, CallSite] | None = None
    for node, body in _calls_with_scope(tree):
        start = (node.lineno - 1, _char_col(lines, node.lineno, node.col_offset))
        end = (node.end_lineno - 1, _char_col(lines, node.end_lineno, node.end_col_offset))
        if not start <= (line, col) <= end:
            continue
        bindings = {**module_bindings, **_literal_bindings(body, node.lineno)} if body is not tree.body else \
            _literal_bindings(body, node.lineno)  # fmt: skip
        text = _resolve_call(node, bindings)
        if text is None:
            continue
        size = (end[0] - start[0]) * 10**6 + (end[1] - start[1])
        if best is None or size < best[0]:
            best = (size, CallSite(node.func.id, text, start, end))
    return best[1] if best else None


_DOCTEST = re.compile(r"^\s*>>>\s*(.+)$", re.MULTILINE)


def example_calls(source: str) -> dict[str, str]:
    """Function name -> an example call: a doctest `>>> f(...)` in its docstring first, else a call in the file."""
    tree = _parse(source)
    if tree is None:
        return {}
    funcs = _functions(tree)
    out: dict[str, str] = {}
    for name, fn in funcs.items():
        for expr in _DOCTEST.findall(ast.get_docstring(fn) or ""):
            node = _parse(expr.strip())
            if node and len(node.body) == 1 and isinstance(node.body[0], ast.Expr):
                call = node.body[0].value
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name:
                    text = _resolve_call(call, {})
                    if text:
                        out[name] = text
                        break
    for node, body in sorted(_calls_with_scope(tree), key=lambda nb: (nb[0].lineno, nb[0].col_offset)):
        name = node.func.id
        if name not in out:
            text = _resolve_call(node, _literal_bindings(body, node.lineno))
            if text:
                out[name] = text
    return out


def _docstring_lines(fn: ast.FunctionDef) -> set[int]:
    first = fn.body[0] if fn.body else None
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
        return set(range(first.lineno, first.end_lineno + 1))
    return set()


def _needed(tree: ast.Module, function: str) -> list[ast.stmt]:
    """Top-level statements `function` depends on (transitively through names), in file order."""
    defs: dict[str, ast.stmt] = {}
    for st in tree.body:
        if isinstance(st, (ast.FunctionDef, ast.ClassDef)):
            defs[st.name] = st
        elif isinstance(st, (ast.Import, ast.ImportFrom)):
            for alias in st.names:
                defs[(alias.asname or alias.name).split(".")[0]] = st
        elif isinstance(st, ast.Assign) and all(isinstance(t, ast.Name) for t in st.targets):
            for t in st.targets:
                defs[t.id] = st
    keep, todo = set(), [defs[function]]
    while todo:
        st = todo.pop()
        if id(st) in keep:
            continue
        keep.add(id(st))
        for node in ast.walk(st):
            if isinstance(node, ast.Name) and node.id in defs and id(defs[node.id]) not in keep:
                todo.append(defs[node.id])
    return [st for st in tree.body if id(st) in keep]


def prompt_code(source: str, function: str) -> PromptCode | None:
    """The callee's definition plus what it needs from the module, docstrings and comment lines removed."""
    tree = _parse(source)
    if tree is None or function not in _functions(tree):
        return None
    lines = source.splitlines()
    out, line_map = [], []
    for st in _needed(tree, function):
        first = min([st.lineno] + [d.lineno for d in getattr(st, "decorator_list", [])])
        skip = _docstring_lines(st) if isinstance(st, ast.FunctionDef) else set()
        for n in range(first, st.end_lineno + 1):
            text = lines[n - 1]
            if n in skip or not text.strip() or text.lstrip().startswith("#"):
                continue
            out.append(text.rstrip())
            line_map.append(n - 1)
    return PromptCode("\n".join(out), line_map)
