"""Guard predicates: what a synthesized rule may require of a match and of its context.

`Context` is where a rule matched (the enclosing original nodes); the predicates are the candidates the
synthesizer picks from to exclude near-miss negatives (see `rules.candidate_guards`).
"""

from __future__ import annotations

import functools
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


# ------------------------------------------------------------------------------------------- scopes
_SCOPES = (cst.Module, cst.FunctionDef, cst.Lambda, cst.ClassDef, cst.ListComp, cst.SetComp, cst.DictComp,
           cst.GeneratorExp)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


class _Binder(cst.CSTVisitor):
    """Collects the names one scope binds: name -> list of ('import', module, name) or ('local',)."""

    def __init__(self, scope: cst.CSTNode) -> None:
        super().__init__()
        self.scope, self.out = scope, {}

    def bind(self, name: str, how: tuple = ("local",)) -> None:
        self.out.setdefault(name, []).append(how)

    def targets(self, node) -> None:
        if isinstance(node, cst.Name):
            self.bind(node.value)
        elif isinstance(node, (cst.Tuple, cst.List)):
            for e in node.elements:
                self.targets(e.value)
        elif isinstance(node, cst.StarredElement):
            self.targets(node.value)

    def on_visit(self, node) -> bool:
        if node is not self.scope and isinstance(node, _SCOPES):
            if isinstance(node, (cst.FunctionDef, cst.ClassDef)):
                self.bind(node.name.value)
            if isinstance(node, _COMPREHENSIONS):  # walrus targets inside bind in this scope
                for t in _walk(node):
                    if isinstance(t, cst.NamedExpr):
                        self.targets(t.target)
            return False
        if isinstance(node, cst.Param):
            self.bind(node.name.value)
        elif isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr,
                               cst.Del)):
            self.targets(node.target)
        elif isinstance(node, (cst.AsName,)):
            self.targets(node.name)
        elif isinstance(node, cst.Import):
            for alias in node.names:
                name = alias.asname.name.value if alias.asname else cst.Module([]).code_for_node(alias.name)
                self.bind(name.split(".")[0], ("module", cst.Module([]).code_for_node(alias.name)))
            return False
        elif isinstance(node, cst.ImportFrom):
            if not isinstance(node.names, cst.ImportStar):
                module = "." * len(node.relative) + (cst.Module([]).code_for_node(node.module) if node.module else "")
                for alias in node.names:
                    real = cst.Module([]).code_for_node(alias.name)
                    local = alias.asname.name.value if alias.asname else real
                    self.bind(local, ("import", module, real))
            return False
        elif isinstance(node, (cst.MatchAs, cst.MatchStar)) and node.name is not None:
            self.bind(node.name.value)
        elif isinstance(node, (cst.Global, cst.Nonlocal)):
            for item in node.names:
                self.bind(item.name.value)
        return True


def _walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


@functools.lru_cache(maxsize=256)  # bounded: it keeps trees alive
def scope_bindings(scope: cst.CSTNode) -> dict:
    """Names bound directly in `scope` (a module, function, lambda, class or comprehension)."""
    binder = _Binder(scope)
    if isinstance(scope, (cst.FunctionDef, cst.Lambda)):
        scope.params.visit(binder)
        scope.body.visit(binder)
    elif isinstance(scope, cst.ClassDef):
        scope.body.visit(binder)
    else:
        scope.visit(binder)
    return binder.out


def _enclosing_nodes(ctx: Context) -> tuple:
    """The nodes around the matched code (for statement windows the ancestors end with their block)."""
    window = ctx.block is not None or (ctx.ancestors and isinstance(ctx.ancestors[-1], (cst.IndentedBlock,
                                                                                       cst.Module)))
    return ctx.ancestors if window else ctx.ancestors[:-1]


def visible_scopes(ctx: Context) -> list:
    """The scopes whose names the matched code sees, innermost first (a class body only when it is the nearest)."""
    out = []
    for node in reversed(_enclosing_nodes(ctx)):
        if isinstance(node, cst.ClassDef) and out:
            continue  # class scopes are not visible from nested functions
        if isinstance(node, _SCOPES):
            out.append(node)
    return out


def bindings(ctx: Context, name: str) -> list:
    """How `name` is bound in the scopes visible from the matched code (empty: a builtin or undefined)."""
    return [how for scope in visible_scopes(ctx) for how in scope_bindings(scope).get(name, ())]


def not_shadowed(ctx: Context, names) -> bool:
    """None of `names` (builtins the rewrite relies on) is rebound in a scope the matched code sees."""
    return not any(bindings(ctx, name) for name in names)


def imported_from(ctx: Context, node, modules) -> bool:
    """A name (a string, a Name, or the root of a dotted name) is only bound by `from M import name` / `import M` with M in
    `modules`, or not at all; so `Optional` from `mylib` is not taken for `typing.Optional`."""
    while isinstance(node, cst.Attribute):
        node = node.value
    name = node if isinstance(node, str) else node.value if isinstance(node, cst.Name) else None
    if name is None:
        return False
    for how in bindings(ctx, name):
        if how[0] == "import" and how[1] in modules and how[2] == name:
            continue
        if how[0] == "module" and how[1] in modules:
            continue
        return False
    return True


def zero_arg_super_ok(ctx: Context) -> bool:
    """Zero-argument `super()` works here: directly in a method (not a staticmethod) with a first positional
    parameter, defined in a class body, with no lambda, comprehension or nested function in between."""
    around = _enclosing_nodes(ctx)
    scope = next((n for n in reversed(around) if isinstance(n, _SCOPES)), None)
    if not isinstance(scope, cst.FunctionDef):
        return False
    params = scope.params
    if not (params.posonly_params or params.params):
        return False
    if any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod" for d in scope.decorators):
        return False
    i = next(j for j, n in enumerate(around) if n is scope)
    outer = next((n for n in reversed(around[:i]) if isinstance(n, _SCOPES)), None)
    return isinstance(outer, cst.ClassDef)


def not_in_class_body(ctx: Context) -> bool:
    """The matched code is not directly in a class body (a new comprehension scope there cannot see the class's
    names)."""
    scope = next((n for n in reversed(_enclosing_nodes(ctx)) if isinstance(n, _SCOPES)), None)
    return not isinstance(scope, cst.ClassDef)
