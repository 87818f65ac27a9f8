"""Source analysis for output prediction: the call under the cursor, example calls, the minimal prompt code.

Positions are 0-based (line, column) with columns in characters of the line (the LSP layer converts UTF-16).
A call is predictable when its callee is a top-level function of the document (directly or through a module-level
alias `g = f`), or a method of a top-level class called on an instance built in the call (`Stack([1, 2]).pop()`),
and every argument is a literal or a name bound (at module level, or earlier in the same function) to a literal;
names are replaced by their literal text so the call stands on its own. `call_problem` says why a call of something
the document defines cannot be predicted.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from ..errors import CannotPredict


@dataclass
class CallSite:
    function: str  # the top-level function or class the prediction needs
    call: str  # self-contained call expression, names replaced by their literal values, aliases resolved
    start: tuple[int, int]  # 0-based (line, col), characters
    end: tuple[int, int]


@dataclass
class CallProblem:
    """A call of something the document defines that cannot be predicted, and why (for the hover)."""

    text: str
    reason: str
    start: tuple[int, int]
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


def _classes(tree: ast.Module) -> dict[str, ast.ClassDef]:
    return {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}


def _aliases(tree: ast.Module) -> dict[str, str]:
    """Top-level function name or alias -> the function it names (`g = f`, `h = g` -> {f: f, g: f, h: f}).

    An alias counts only when it is assigned once, so the name means the same function everywhere."""
    out = {name: name for name in _functions(tree)}
    assigned: dict[str, int] = {}
    for st in tree.body:
        for t in st.targets if isinstance(st, ast.Assign) else []:
            if isinstance(t, ast.Name):
                assigned[t.id] = assigned.get(t.id, 0) + 1
    for st in tree.body:
        if (isinstance(st, ast.Assign) and len(st.targets) == 1 and isinstance(st.targets[0], ast.Name)
                and isinstance(st.value, ast.Name) and st.value.id in out and assigned[st.targets[0].id] == 1
                and st.targets[0].id not in _functions(tree)):  # fmt: skip
            out[st.targets[0].id] = out[st.value.id]
    return out


def callee_name(call: str) -> str:
    """The top-level name a self-contained call needs: `f` in `f(1)`, `Stack` in `Stack([1]).pop()`."""
    node = ast.parse(call.strip(), mode="eval").body
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Call)
            and isinstance(node.func.value.func, ast.Name)):  # fmt: skip
        return node.func.value.func.id
    raise ValueError(f"not a call of a function or of a method on a new instance: {call!r}")


def predictable_callee(call: str) -> str:
    """`callee_name`, with CannotPredict (saying why) for anything that is not a call Clairvoyant can predict."""
    try:
        return callee_name(call)
    except SyntaxError:
        raise CannotPredict(f"`{call}` is not a Python call expression") from None
    except ValueError as exc:
        raise CannotPredict(str(exc)) from None


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


def _argument_text(call: ast.Call, bindings: dict[str, str]) -> str | None:
    """The arguments as text with bound names substituted, or None when one is not a literal."""
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
    return ", ".join(parts)


@dataclass
class _Defs:
    """What the document defines at the top level that calls can be predicted for."""

    functions: dict[str, str]  # name or alias -> function
    classes: set[str]

    @classmethod
    def of(cls, tree: ast.Module) -> _Defs:
        return cls(_aliases(tree), set(_classes(tree)))


def _target(defs: _Defs, call: ast.Call) -> tuple[str, ast.Call | None] | None:
    """(top-level function or class the call needs, the constructor call of a method call), or None when the call
    is not of something the document defines."""
    if isinstance(call.func, ast.Name):
        name = defs.functions.get(call.func.id)
        return (name, None) if name else None
    inner = call.func.value if isinstance(call.func, ast.Attribute) else None
    if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in defs.classes:
        return inner.func.id, inner
    return None


def _resolve_call(defs: _Defs, call: ast.Call, bindings: dict[str, str]) -> str | None:
    """The call as self-contained text (aliases resolved, bound names substituted), or None."""
    target = _target(defs, call)
    args = _argument_text(call, bindings)
    if target is None or args is None:
        return None
    name, constructor = target
    if constructor is None:
        return f"{name}({args})"
    ctor_args = _argument_text(constructor, bindings)
    return None if ctor_args is None else f"{name}({ctor_args}).{call.func.attr}({args})"


def _calls_with_scope(tree: ast.Module, defs: _Defs):
    """Yield (call node, statements of its scope) for calls of what the module defines, anywhere in it."""
    scopes: list[tuple[ast.AST, list[ast.stmt]]] = [(tree, tree.body)]
    scopes += [(n, n.body) for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for owner, body in scopes:
        for node in _walk_scope(owner):
            if isinstance(node, ast.Call) and _target(defs, node) is not None:
                yield node, body


def _walk_scope(owner: ast.AST):
    """ast.walk that does not descend into nested function definitions."""
    stack = list(ast.iter_child_nodes(owner))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            stack.extend(ast.iter_child_nodes(node))


def _sites_at(source: str, line: int, col: int):
    """(size, call node, resolved text or None, start, end) for every call of what the document defines around
    the 0-based position, innermost first."""
    tree = _parse(source)
    if tree is None:
        return []
    lines = source.splitlines()
    module_bindings = _literal_bindings(tree.body, 10**9)
    defs = _Defs.of(tree)
    found = []
    for node, body in _calls_with_scope(tree, defs):
        start = (node.lineno - 1, _char_col(lines, node.lineno, node.col_offset))
        end = (node.end_lineno - 1, _char_col(lines, node.end_lineno, node.end_col_offset))
        if not start <= (line, col) <= end:
            continue
        bindings = {**module_bindings, **_literal_bindings(body, node.lineno)} if body is not tree.body else \
            _literal_bindings(body, node.lineno)  # fmt: skip
        size = (end[0] - start[0]) * 10**6 + (end[1] - start[1])
        found.append((size, node, _resolve_call(defs, node, bindings), start, end, defs))
    return sorted(found, key=lambda f: f[0])


def call_at(source: str, line: int, col: int) -> CallSite | None:
    """The innermost predictable call whose range contains the 0-based position (line, col), else None."""
    for _, node, text, start, end, defs in _sites_at(source, line, col):
        if text is not None:
            return CallSite(_target(defs, node)[0], text, start, end)
    return None


def call_problem(source: str, line: int, col: int) -> CallProblem | None:
    """Why the innermost call around the position, of something the document defines, cannot be predicted."""
    sites = _sites_at(source, line, col)
    if not sites or sites[0][2] is not None:
        return None
    _, node, _, start, end, _ = sites[0]
    args = [*node.args, *(kw.value for kw in node.keywords)]
    if isinstance(node.func, ast.Attribute):
        args += [*node.func.value.args, *(kw.value for kw in node.func.value.keywords)]
    if any(isinstance(a, ast.Starred) for a in node.args) or any(kw.arg is None for kw in node.keywords):
        reason = "it unpacks arguments (`*args` / `**kwargs`)"
    else:
        bad = next((a for a in args if not _is_literal(a)), None)
        shown = ast.unparse(bad) if bad is not None else "?"
        reason = (f"the argument `{shown}` is not a literal value (nor a name bound to one)"
                  if bad is not None else "its arguments are not literal values")  # fmt: skip
    return CallProblem(ast.unparse(node), reason, start, end)


_DOCTEST = re.compile(r"^\s*>>>\s*(.+)$", re.MULTILINE)


def example_calls(source: str) -> dict[str, str]:
    """Function name -> an example call: a doctest `>>> f(...)` in its docstring first, else a call in the file."""
    tree = _parse(source)
    if tree is None:
        return {}
    funcs = _functions(tree)
    defs = _Defs.of(tree)
    out: dict[str, str] = {}
    for name, fn in funcs.items():
        for expr in _DOCTEST.findall(ast.get_docstring(fn) or ""):
            node = _parse(expr.strip())
            if node and len(node.body) == 1 and isinstance(node.body[0], ast.Expr):
                call = node.body[0].value
                if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == name:
                    text = _resolve_call(defs, call, {})
                    if text:
                        out[name] = text
                        break
    for node, body in sorted(_calls_with_scope(tree, defs), key=lambda nb: (nb[0].lineno, nb[0].col_offset)):
        target = _target(defs, node)
        name = target[0] if target and target[1] is None else None
        if name and name not in out:
            text = _resolve_call(defs, node, _literal_bindings(body, node.lineno))
            if text:
                out[name] = text
    return out


def _docstring_lines(node: ast.stmt) -> set[int]:
    """Lines of the docstrings of a function, or of a class and its methods."""
    out: set[int] = set()
    for fn in [node, *getattr(node, "body", [])] if isinstance(node, ast.ClassDef) else [node]:
        first = fn.body[0] if isinstance(fn, (ast.FunctionDef, ast.ClassDef)) and fn.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            out |= set(range(first.lineno, first.end_lineno + 1))
    return out


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
    """The callee's definition (a function or a class) plus what it needs from the module, docstrings and comment
    lines removed."""
    tree = _parse(source)
    if tree is None or (function not in _functions(tree) and function not in _classes(tree)):
        return None
    lines = source.splitlines()
    out, line_map = [], []
    for st in _needed(tree, function):
        first = min([st.lineno] + [d.lineno for d in getattr(st, "decorator_list", [])])
        skip = _docstring_lines(st) if isinstance(st, (ast.FunctionDef, ast.ClassDef)) else set()
        for n in range(first, st.end_lineno + 1):
            text = lines[n - 1]
            if n in skip or not text.strip() or text.lstrip().startswith("#"):
                continue
            out.append(text.rstrip())
            line_map.append(n - 1)
    return PromptCode("\n".join(out), line_map)


def assignment_lines(code: str, function: str) -> dict[int, list[str]]:
    """1-based line in `code` -> names assigned by a one-line assignment there, inside `function` (or the methods
    of the class `function`)."""
    tree = _parse(code)
    owner = next((n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef)) and n.name == function),
                 None) if tree else None  # fmt: skip
    out: dict[int, list[str]] = {}
    for node in ast.walk(owner) if owner else []:
        targets = node.targets if isinstance(node, ast.Assign) else \
            [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign)) else []  # fmt: skip
        names = [t.id for t in targets if isinstance(t, ast.Name)]
        if names and node.lineno == node.end_lineno:
            out.setdefault(node.lineno, []).extend(names)
    return out
