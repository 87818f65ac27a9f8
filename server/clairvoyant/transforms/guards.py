"""Guard predicates: what a synthesized rule may require of a match and of its context.

`Context` is where a rule matched (the enclosing original nodes); the predicates are the candidates the
synthesizer picks from to exclude near-miss negatives (see `rules.candidate_guards`).
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from clairvoyant.transforms.terms import kind, to_term


@dataclass(frozen=True)
class Context:
    """Where a rule matched: the enclosing original nodes, outermost first (the matched node is last)."""

    ancestors: tuple
    block: cst.CSTNode | None = None  # for statement-window rules: the block and the index after the window
    index: int = 0


def type_in(node, names) -> bool:
    return kind(node) in names


def _field_of(parent: cst.CSTNode, child: cst.CSTNode) -> str:
    for name in getattr(type(parent), "__dataclass_fields__", {}):
        value = getattr(parent, name, None)
        if value is child or (isinstance(value, (list, tuple)) and any(v is child for v in value)):
            return name
    return "?"


def context_signature(ctx: Context, depth: int) -> tuple:
    """(parent type, field, operator kinds) of the `depth` nearest ancestors of the matched node."""
    chain = list(ctx.ancestors)
    out = []
    for i in range(len(chain) - 1, 0, -1):
        if len(out) == depth:
            break
        parent, child = chain[i - 1], chain[i]
        ops = tuple(kind(getattr(parent, f)) for f in ("operator",) if hasattr(parent, "operator"))
        out.append((kind(parent), _field_of(parent, child)) + ops)
    return tuple(out)


def context_in(ctx: Context, depth: int, signatures) -> bool:
    return context_signature(ctx, depth) in signatures


def _enclosing(ctx: Context, types) -> tuple[int, cst.CSTNode | None]:
    for i in range(len(ctx.ancestors) - 2, -1, -1):
        if isinstance(ctx.ancestors[i], types):
            return i, ctx.ancestors[i]
    return -1, None


def is_enclosing_class(ctx: Context, name) -> bool:
    """`name` is the name of the nearest enclosing class."""
    _, cls = _enclosing(ctx, cst.ClassDef)
    return cls is not None and isinstance(name, cst.Name) and cls.name.value == name.value


def is_first_param_of_method(ctx: Context, name) -> bool:
    """`name` is the first parameter of the nearest enclosing function, which is a method of the nearest class."""
    i, fn = _enclosing(ctx, cst.FunctionDef)
    if fn is None or not isinstance(name, cst.Name) or not fn.params.params:
        return False
    _, cls = _enclosing(Context(ctx.ancestors[: i + 1]), (cst.ClassDef, cst.FunctionDef, cst.Lambda))
    if not isinstance(cls, cst.ClassDef):
        return False
    return fn.params.params[0].name.value == name.value


def in_async_function(ctx: Context) -> bool:
    _, fn = _enclosing(ctx, cst.FunctionDef)
    return fn is not None and fn.asynchronous is not None


def not_contains(node, part) -> bool:
    """`part` does not occur anywhere inside `node`."""
    target = to_term(part).key
    return all(t.key != target for t in to_term(node).walk())


def no_call(node) -> bool:
    return not any(t.type in ("Call", "Await", "Yield", "NamedExpr") for t in to_term(node).walk())


def _names_in(node, name: str) -> bool:
    return any(t.type == "Name" and t.get("value") == name for t in to_term(node).walk())


def _first_use(stmt: cst.CSTNode, name: str) -> str | None:
    """'read', 'store' or None: how the first use of `name` in `stmt` (in evaluation order) uses it."""
    if not _names_in(stmt, name):
        return None
    if isinstance(stmt, cst.For):
        if _names_in(stmt.iter, name):
            return "read"
        return "store" if _names_in(stmt.target, name) else "read"
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.Assign):
        assign = stmt.body[0]
        if _names_in(assign.value, name):
            return "read"
        if any(isinstance(t.target, cst.Name) and t.target.value == name for t in assign.targets):
            return "store"
    return "read"


def _target_names(node) -> list[str] | None:
    """Names bound by an assignment target made of names, tuples and lists (None for anything else)."""
    if isinstance(node, cst.Name):
        return [node.value]
    if isinstance(node, (cst.Tuple, cst.List)):
        names = [_target_names(e.value) for e in node.elements]
        return None if any(n is None for n in names) else [x for n in names for x in n]
    return None


def not_read_after(ctx: Context, target) -> bool:
    """The variables bound by `target` (a name or a tuple of names) are not read after the matched code before
    being assigned again (they are dead there)."""
    names = _target_names(target)
    return names is not None and all(_dead_after(ctx, cst.Name(n)) for n in names)


def _dead_after(ctx: Context, name: cst.Name) -> bool:
    chain = list(ctx.ancestors)
    levels = [(ctx.block, ctx.index)] if ctx.block is not None else []  # (block, index of the next statement)
    for i in range(len(chain) - 1, 0, -1):
        parent, child = chain[i - 1], chain[i]
        if isinstance(parent, (cst.FunctionDef, cst.Lambda, cst.ClassDef)):
            break  # a local variable: nothing after the function can read it
        if isinstance(parent, (cst.IndentedBlock, cst.Module)):
            index = next((j for j, s in enumerate(parent.body) if s is child), None)
            if index is not None:
                levels.append((parent, index + 1))
    for block, index in levels:
        for stmt in block.body[index:]:
            use = _first_use(stmt, name.value)
            if use == "read":
                return False
            if use == "store":
                return True
    return True



def not_modified_in(node, collection) -> bool:
    """`collection` is not assigned to, subscript-assigned, deleted or used as a method receiver in `node`."""
    key = to_term(collection).key
    for t in to_term(node).walk():
        if t.type == "Call" and t.get("func").type == "Attribute" and t.get("func").get("value").key == key:
            return False
        if t.type in ("AssignTarget", "AugAssign", "AnnAssign", "Del"):
            target = t.get("target")
            if target.key == key or (target.type == "Subscript" and target.get("value").key == key):
                return False
    return True


def within(ctx: Context, type_name: str) -> bool:
    """Some enclosing node (not the matched one) is a `type_name` (e.g. inside an `Annotation`)."""
    return any(kind(n) == type_name for n in ctx.ancestors[:-1])
