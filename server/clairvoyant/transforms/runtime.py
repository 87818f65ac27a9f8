"""Support code imported by synthesized transform modules.

`RuleTransformer` is the base class of every generated `Transform`: it keeps the stack of enclosing nodes (the
context that guards look at), applies statement-window rules inside blocks, and funnels every rewrite through
`_fire`, which restricts edits to a line range, refuses edits that would drop a comment, fixes operator
precedence with parentheses, and records where rewrites happened.  The helpers below (`same`, `as_bool`,
`negate`, the operator maps and the guard predicates) are the rewrite primitives the synthesizer searches over.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.terms import kind, to_term

__all__ = [
    "RuleTransformer", "as_bool", "augmented", "context_in", "fresh_name", "fstring", "in_async_function",
    "is_enclosing_class", "is_first_param_of_method", "kind", "match_window", "negate", "negated", "no_call",
    "not_contains", "not_modified_in", "not_read_after", "reversed_comparison", "same", "spread", "substitute",
    "type_in",
]


# ----------------------------------------------------------------------------------------------- primitives
def same(a, b) -> bool:
    """True when two nodes are the same code up to formatting."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    return to_term(a).key == to_term(b).key


_BOOLEAN_CALLS = frozenset({"isinstance", "issubclass", "callable", "hasattr", "bool", "all", "any"})


def is_boolean(node: cst.BaseExpression) -> bool:
    """Whether an expression certainly evaluates to a bool (comparisons, `not`, boolean builtins, ...)."""
    if isinstance(node, (cst.Comparison,)):
        return True
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        return True
    if isinstance(node, cst.BooleanOperation):
        return is_boolean(node.left) and is_boolean(node.right)
    if isinstance(node, cst.Name):
        return node.value in ("True", "False")
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
        return node.func.value in _BOOLEAN_CALLS
    return False


def as_bool(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` when it is already boolean, else `bool(node)`."""
    if is_boolean(node):
        return node
    return cst.Call(func=cst.Name("bool"), args=[cst.Arg(_strip_parens(node))])


def spread(*nodes: cst.BaseExpression) -> list[cst.Element]:
    """Tuple elements made of the items of each tuple in `nodes` and of the other nodes themselves."""
    out = []
    for node in nodes:
        items = [e.value for e in node.elements] if isinstance(node, cst.Tuple) else [node]
        out += [cst.Element(value=item) for item in items]
    return out


_NEGATED = {"Equal": cst.NotEqual, "NotEqual": cst.Equal, "In": cst.NotIn, "NotIn": cst.In, "Is": cst.IsNot,
            "IsNot": cst.Is, "LessThan": cst.GreaterThanEqual, "GreaterThanEqual": cst.LessThan,
            "GreaterThan": cst.LessThanEqual, "LessThanEqual": cst.GreaterThan}


def negate(node: cst.BaseExpression) -> cst.BaseExpression:
    """The boolean negation of `node`, simplified: `not x` -> `bool(x)`, `a == b` -> `a != b`, else `not (node)`."""
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        return as_bool(node.expression)
    if isinstance(node, cst.Comparison) and len(node.comparisons) == 1 and not node.lpar:
        target = node.comparisons[0]
        op = _NEGATED.get(kind(target.operator))
        if op is not None:
            return node.with_changes(comparisons=[target.with_changes(operator=op())])
    return cst.UnaryOperation(operator=cst.Not(), expression=node)


def fstring(call: cst.Call) -> cst.FormattedString:
    """`"...{}...".format(args)` as the equivalent f-string (`{}`, `{0}`, `{name}` fields, conversions and
    format specs); raises ValueError when that would change the meaning or is not expressible."""
    import string

    func = call.func
    if not (isinstance(func, cst.Attribute) and func.attr.value == "format"
            and isinstance(func.value, cst.SimpleString)):
        raise ValueError("not a format call on a string literal")
    literal = func.value
    if "b" in literal.prefix.lower():
        raise ValueError("bytes")
    positional, keywords = [], {}
    for arg in call.args:
        if arg.star or not _plain(arg.value, literal.quote):
            raise ValueError("arguments must be names, attributes or simple calls")
        if arg.keyword is None:
            positional.append(arg.value)
        else:
            keywords[arg.keyword.value] = arg.value
    parts, used, auto = [], [], 0
    for text, field, spec, conversion in string.Formatter().parse(literal.raw_value):
        if text:
            parts.append(cst.FormattedStringText(text.replace("{", "{{").replace("}", "}}")))
        if field is None:
            continue
        if field == "":
            field, auto = str(auto), auto + 1
        if field.isdigit():
            value = positional[int(field)] if int(field) < len(positional) else None
        else:
            value = keywords.get(field)
        if value is None or (spec and "{" in spec):
            raise ValueError(f"unsupported field {field!r}")
        used.append(id(value))
        parts.append(cst.FormattedStringExpression(
            expression=_strip_parens(value), conversion=conversion,
            format_spec=[cst.FormattedStringText(spec)] if spec else None))
    values = positional + list(keywords.values())
    if {id(v) for v in values} != set(used) or any(
            used.count(id(v)) > 1 and not isinstance(v, (cst.Name, cst.Attribute)) for v in values):
        raise ValueError("every argument must be used, and only names may be used twice")
    prefix = literal.prefix.lower().replace("u", "")
    return cst.FormattedString(parts=parts, start=prefix + "f" + literal.quote, end=literal.quote)


def _plain(node: cst.CSTNode, quote: str) -> bool:
    """A name, attribute or call of those whose code can go inside an f-string field."""
    if isinstance(node, cst.Name):
        return True
    if isinstance(node, cst.Attribute):
        return _plain(node.value, quote)
    if isinstance(node, cst.Call):
        return _plain(node.func, quote) and all(not a.star and a.keyword is None and _plain(a.value, quote)
                                                for a in node.args)
    return isinstance(node, (cst.Integer, cst.Float))


def _scope_names(ctx: Context) -> set[str]:
    """Every name used in the nearest enclosing function (or the module)."""
    scope = next((n for n in reversed(ctx.ancestors) if isinstance(n, (cst.FunctionDef, cst.Lambda))),
                 ctx.ancestors[0] if ctx.ancestors else None)
    if scope is None:
        return set()
    return {t.get("value") for t in to_term(scope).walk() if t.type == "Name"}


def fresh_name(ctx: Context, collection) -> str:
    """A new variable name for an element of `collection`: its singular (`words` -> `word`, `self.entries` ->
    `entry`) unless that is not a plural or is already used in the scope, else `item`."""
    base = collection.attr.value if isinstance(collection, cst.Attribute) else getattr(collection, "value", "")
    if not isinstance(base, str):
        raise TypeError("not a named collection")
    singular = base[:-3] + "y" if base.endswith("ies") else base[:-1] if base.endswith("s") and not \
        base.endswith("ss") else ""
    used = _scope_names(ctx)
    for name in (singular, "item"):
        if name.isidentifier() and name not in used:
            return name
    raise ValueError("no fresh name")


class _Substitute(cst.CSTTransformer):
    def __init__(self, old_key, new: cst.BaseExpression) -> None:
        super().__init__()
        self.old_key, self.new, self.count, self.stored = old_key, new, 0, False

    def leave_Subscript(self, original_node, updated_node):
        if to_term(original_node).key == self.old_key:
            self.count += 1
            return self.new.with_changes(lpar=original_node.lpar, rpar=original_node.rpar)
        return updated_node

    def _store(self, target) -> None:
        if any(to_term(t).key == self.old_key for t in [target]):
            self.stored = True

    def visit_AssignTarget(self, node) -> None:
        self._store(node.target)

    def visit_AugAssign(self, node) -> None:
        self._store(node.target)

    def visit_AnnAssign(self, node) -> None:
        self._store(node.target)

    def visit_Del(self, node) -> None:
        self._store(node.target)

    def visit_For(self, node) -> None:
        self._store(node.target)


def substitute(body, collection, index, name: str):
    """`body` with every read of `collection[index]` replaced by the name `name`; ValueError when there is none
    or when one is assigned to."""
    old = cst.Subscript(value=collection, slice=[cst.SubscriptElement(slice=cst.Index(value=index))])
    visitor = _Substitute(to_term(old).key, cst.Name(name))
    result = body.visit(visitor)
    if visitor.stored or visitor.count == 0:
        raise ValueError("the element is assigned to, or never read")
    return result


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


def augmented(op: cst.CSTNode) -> cst.BaseAugOp:
    """`+` -> `+=` (any binary operator to its augmented assignment)."""
    return getattr(cst, kind(op) + "Assign")()


def negated(op: cst.CSTNode) -> cst.BaseCompOp:
    """`in` -> `not in`, `is` -> `is not`, `==` -> `!=`, ..."""
    return _NEGATED[kind(op)]()


def reversed_comparison(op: cst.CSTNode) -> cst.BaseCompOp:
    """The operator of the comparison with swapped operands: `<` -> `>`, `==` -> `==`."""
    swap = {"LessThan": "GreaterThan", "GreaterThan": "LessThan", "LessThanEqual": "GreaterThanEqual",
            "GreaterThanEqual": "LessThanEqual"}
    return getattr(cst, swap.get(kind(op), kind(op)))()


OPERATOR_FUNCTIONS = {"augmented": augmented, "negated": negated, "reversed_comparison": reversed_comparison}
NODE_FUNCTIONS = {"as_bool": as_bool, "negate": negate, "fstring": fstring}


def _strip_parens(node):
    return node.with_changes(lpar=[], rpar=[]) if getattr(node, "lpar", None) else node


# ----------------------------------------------------------------------------------------------- precedence
_BINARY = {"BitOr": 7, "BitXor": 8, "BitAnd": 9, "LeftShift": 10, "RightShift": 10, "Add": 11, "Subtract": 11,
           "Multiply": 12, "Divide": 12, "FloorDivide": 12, "Modulo": 12, "MatrixMultiply": 12, "Power": 14}
ATOM = 16


def precedence(node: cst.CSTNode) -> int:
    """Binding strength of an expression (higher binds tighter); parenthesized nodes are atoms."""
    if getattr(node, "lpar", None):
        return ATOM
    if isinstance(node, cst.Tuple):
        return -1
    if isinstance(node, (cst.Yield, cst.NamedExpr)):
        return 0
    if isinstance(node, cst.Lambda):
        return 1
    if isinstance(node, cst.IfExp):
        return 2
    if isinstance(node, cst.BooleanOperation):
        return 3 if isinstance(node.operator, cst.Or) else 4
    if isinstance(node, cst.UnaryOperation):
        return 5 if isinstance(node.operator, cst.Not) else 13
    if isinstance(node, cst.Comparison):
        return 6
    if isinstance(node, cst.BinaryOperation):
        return _BINARY[kind(node.operator)]
    if isinstance(node, cst.Await):
        return 15
    return ATOM


def _required(parent: cst.CSTNode, field: str) -> int:
    """Least precedence a child in `parent.field` may have without parentheses."""
    if (isinstance(parent, (cst.For, cst.CompFor)) and field == "target") or (
            isinstance(parent, cst.For) and field == "iter") or isinstance(parent, cst.AssignTarget) or (
            isinstance(parent, (cst.Assign, cst.AugAssign, cst.Return)) and field == "value"):
        return -1  # a bare tuple is fine here
    if isinstance(parent, cst.BooleanOperation):
        return precedence(parent.with_changes(lpar=[], rpar=[]))
    if isinstance(parent, cst.UnaryOperation):
        return 6 if isinstance(parent.operator, cst.Not) else 13
    if isinstance(parent, (cst.Comparison, cst.ComparisonTarget)):
        return 7
    if isinstance(parent, cst.BinaryOperation):
        level = _BINARY[kind(parent.operator)]
        if level == 14:
            return 15 if field == "left" else 13
        return level if field == "left" else level + 1
    if isinstance(parent, (cst.Attribute, cst.Subscript, cst.Call)) and field in ("value", "func"):
        return ATOM
    if isinstance(parent, cst.IfExp):
        return 3
    if isinstance(parent, (cst.CompFor, cst.CompIf)):
        return 3
    if isinstance(parent, (cst.If, cst.While, cst.Expr)):
        return 0
    return 1


def fix_parens(node: cst.CSTNode) -> cst.CSTNode:
    """Add the parentheses that operator precedence requires anywhere in `node` (a no-op on parsed code)."""
    changes = {}
    for name in ("left", "right", "expression", "comparator", "value", "func", "test", "body", "orelse", "iter",
                 "elt", "comparisons", "args", "elements", "ifs", "for_in", "slice", "targets", "target"):
        child = getattr(node, name, None)
        if isinstance(child, cst.CSTNode):
            new = fix_parens(child)
            if isinstance(new, cst.BaseExpression) and precedence(new) < _required(node, name):
                new = new.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
            if new is not child:
                changes[name] = new
        elif isinstance(child, (list, tuple)) and child and isinstance(child[0], cst.CSTNode):
            new_items = [fix_parens(c) for c in child]
            if any(a is not b for a, b in zip(new_items, child)):
                changes[name] = new_items
    return node.with_changes(**changes) if changes else node


# ----------------------------------------------------------------------------------------------- guards
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


# ----------------------------------------------------------------------------------------------- transformer
@dataclass
class Fire:
    """One rewrite: which rule, the original node (first statement for windows), captures and context."""

    rule: str
    node: cst.CSTNode
    bindings: dict
    context: Context
    replacement: object
    last: cst.CSTNode | None = None  # the last original statement of a window

    @property
    def nodes(self) -> tuple:
        return (self.node,) if self.last is None else (self.node, self.last)


class RuleTransformer(cst.CSTTransformer):
    """Base of synthesized transforms: context stack, statement-window rules, guarded and recorded rewrites."""

    NAME = ""
    BLOCK_RULES: tuple[tuple[int, str], ...] = ()  # (window length, method name) for statement-window rules

    def __init__(self, allowed=None, record: bool = False) -> None:
        super().__init__()
        self.ancestors: list[cst.CSTNode] = []
        self.allowed = allowed  # callable(original_node) -> bool, or None for everywhere
        self.record = record
        self.fires: list[Fire] = []
        self._block: tuple | None = None

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.ancestors.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):
        try:
            result = super().on_leave(original_node, updated_node)
            if self.BLOCK_RULES and isinstance(original_node, (cst.IndentedBlock, cst.Module)):
                result = self._rewrite_block(original_node, result)
            return result
        finally:
            self.ancestors.pop()

    @property
    def context(self) -> Context:
        if self._block is not None:
            return Context(tuple(self.ancestors), *self._block)
        return Context(tuple(self.ancestors))

    def rewrite(self, original_node, updated_node, *rules):
        """Try `rules` (methods: node -> replacement | None) in order on `updated_node`; the first one wins.

        `and` / `or` are associative: for `(a or b) or c` a rule is also tried on `b or c` (giving `a or (...)`)."""
        for rule in rules:
            result = rule(updated_node)
            if result is None and _regroupable(updated_node):
                inner = rule(updated_node.with_changes(left=updated_node.left.right))
                if inner is not None:
                    result = updated_node.left.with_changes(right=inner)
            if result is not None and self._fire(rule.__name__, original_node, [updated_node], [result]):
                return self._fixed[0]
        return updated_node

    def _rewrite_block(self, original, updated):
        if not isinstance(updated, (cst.IndentedBlock, cst.Module)) or len(updated.body) != len(original.body):
            return updated
        body, i, changed = list(updated.body), 0, False
        out = []
        while i < len(body):
            for size, name in self.BLOCK_RULES:
                window = body[i:i + size]
                if len(window) < size:
                    continue
                self._block = (original, i + size)
                try:
                    result = getattr(self, name)(window)
                    ok = result is not None and self._fire(name, original.body[i], window, list(result),
                                                           original.body[i + size - 1])
                finally:
                    self._block = None
                if ok:
                    out.extend(self._fixed)
                    i += size
                    changed = True
                    break
            else:
                out.append(body[i])
                i += 1
        return updated.with_changes(body=out) if changed else updated

    def _fire(self, rule: str, original_node, old: list, new: list, last=None) -> bool:
        if self.allowed is not None and not self.allowed(original_node, last or original_node):
            return False
        new = [fix_parens(n) for n in new]
        if len(old) == 1 and len(new) == 1 and getattr(old[0], "lpar", None) and hasattr(new[0], "lpar") \
                and not new[0].lpar:
            new = [new[0].with_changes(lpar=old[0].lpar, rpar=old[0].rpar)]  # keep the site's own parentheses
        if isinstance(old[0], cst.BaseStatement):
            new = _carry_comments(old, new)
        if not _comments(old) <= _comments(new):
            return False  # never drop a comment
        self._fixed = new
        if self.record:
            self.fires.append(Fire(rule, original_node, dict(getattr(self, "_bindings", {})), self.context,
                                   new, last))
        return True

    def bind(self, bindings):
        """Remember the captures of the rule being tried (for recording); returns them."""
        self._bindings = bindings or {}
        return bindings


class SiteFinder(cst.CSTVisitor):
    """One walk that runs the rules of many transforms without rewriting (for listing quick fixes fast)."""

    def __init__(self, transforms: list[RuleTransformer]) -> None:
        super().__init__()
        self.ancestors: list[cst.CSTNode] = []
        self.by_type: dict[str, list] = {}
        self.block_transforms = [t for t in transforms if t.BLOCK_RULES]
        for t in transforms:
            t.ancestors = self.ancestors
            t.record = True
            for name in vars(type(t)):
                if name.startswith("leave_"):
                    self.by_type.setdefault(name[len("leave_"):], []).append(getattr(t, name))

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.ancestors.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        for leave in self.by_type.get(type(original_node).__name__, ()):
            leave(original_node, original_node)
        if isinstance(original_node, (cst.IndentedBlock, cst.Module)):
            for t in self.block_transforms:
                t._rewrite_block(original_node, original_node)
        self.ancestors.pop()


def _regroupable(node) -> bool:
    return (isinstance(node, cst.BooleanOperation) and isinstance(node.left, cst.BooleanOperation)
            and not node.left.lpar and kind(node.left.operator) == kind(node.operator))


def _carry_comments(old: list, new: list) -> list:
    """Give replacement statements the comment lines above the replaced ones and a lost end-of-line comment."""
    first = new[0]
    if old[0].leading_lines and hasattr(first, "leading_lines") and not first.leading_lines:
        new = [first.with_changes(leading_lines=old[0].leading_lines)] + new[1:]
    missing = _comments(old) - _comments(new)
    last = new[-1]
    if len(missing) != 1:
        return new
    trailing = cst.TrailingWhitespace(whitespace=cst.SimpleWhitespace("  "), comment=cst.Comment(next(iter(missing))[0]))
    if isinstance(last, cst.SimpleStatementLine) and last.trailing_whitespace.comment is None:
        new = new[:-1] + [last.with_changes(trailing_whitespace=trailing)]
    elif len(new) == 1 and isinstance(getattr(last, "body", None), cst.IndentedBlock) \
            and last.body.header.comment is None:  # the comment after the colon of a compound statement
        new = [last.with_changes(body=last.body.with_changes(header=trailing))]
    return new


def _comments(nodes) -> set:
    from collections import Counter
    counts = Counter()
    for n in nodes:
        for found in m.findall(n, m.Comment()):
            counts[found.value] += 1
    return {(k, i) for k, c in counts.items() for i in range(c)}


def match_window(stmts, matchers) -> dict | None:
    """Match consecutive statements against a list of matchers; returns the merged captures or None."""
    out: dict = {}
    for stmt, matcher in zip(stmts, matchers):
        found = m.extract(stmt, matcher)
        if found is None:
            return None
        out.update(found)
    return out
