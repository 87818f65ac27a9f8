"""Rewrite primitives: the functions synthesized templates may apply to what a pattern captured.

Operator maps (`augmented`, `negated`, `reversed_comparison`), expression functions (`as_bool`, `negate`,
`fstring`), `spread` (splice tuple items), `fresh_name` + `substitute` (name an element of a collection and use it
in a body), and `fix_parens`, which adds the parentheses operator precedence needs after any rewrite.
"""

from __future__ import annotations

import builtins
import functools
import keyword

import libcst as cst

from clairvoyant.transforms.guards import Context, scope_bindings, visible_scopes
from clairvoyant.transforms.terms import dotted, kind, to_term


def same(a, b) -> bool:
    """True when two nodes (or sequences of nodes) are the same code up to formatting."""
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    if isinstance(a, (list, tuple)) or isinstance(b, (list, tuple)):
        return isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)) and len(a) == len(b) and all(
            same(x, y) for x, y in zip(a, b))
    return to_term(a).key == to_term(b).key


BOOLEAN_CALLS = frozenset({"isinstance", "issubclass", "callable", "hasattr", "bool", "all", "any"})


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
        return node.func.value in BOOLEAN_CALLS
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


def negate_if(negative: bool, node: cst.BaseExpression) -> cst.BaseExpression:
    """`negate(node)` when `negative` (the polarity an operator gives: `!=` -> `not isinstance(...)`), else
    `node`."""
    return negate(node) if negative else node


def unless_none(node: cst.CSTNode, item: cst.CSTNode) -> list:
    """`[item]`, or `[]` when `node` is `None` (an argument left out where it would be `None`)."""
    return [] if isinstance(node, cst.Name) and node.value == "None" else [item]


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
    values = [arg.value for arg in call.args]
    if any(not isinstance(v, (cst.Name, cst.Attribute, cst.Integer, cst.Float)) for v in values) and \
            list(dict.fromkeys(used)) != [id(v) for v in values]:
        raise ValueError("the fields would evaluate the calls in another order")
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


_BUILTIN_NAMES = frozenset(vars(builtins))


def _scope_names(ctx: Context) -> set[str]:
    """Every name used in the nearest enclosing function (or the module)."""
    scope = next((n for n in reversed(ctx.ancestors) if isinstance(n, (cst.FunctionDef, cst.Lambda))),
                 ctx.ancestors[0] if ctx.ancestors else None)
    if scope is None:
        return set()
    return set(names_under(scope)) | {n for s in visible_scopes(ctx) for n in scope_bindings(s)}


@functools.lru_cache(maxsize=64)  # bounded: it keeps trees alive
def names_under(node: cst.CSTNode) -> frozenset[str]:
    """The values of all `Name` nodes in `node` (cached per node)."""
    out, stack = set(), [node]
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Name):
            out.add(n.value)
        stack.extend(n.children)
    return frozenset(out)


def singular(word: str) -> str | None:
    """The singular of an English plural identifier, or None when it does not look like one: `boxes` -> `box`,
    `entries` -> `entry`, `matches` -> `match`, `classes` -> `class`, `words` -> `word`; leading underscores
    go (`_widgets` -> `widget`: a loop variable is local, not private), a `_list`-style suffix is not plural."""
    stem = word.lstrip("_")
    head, sep, last = stem.rpartition("_")
    lower = last.lower()
    if len(lower) < 3 or not lower.endswith("s") or lower.endswith(("ss", "us", "is")):
        return None
    if lower.endswith("ies") and len(lower) > 4:
        last = last[:-3] + "y"
    elif lower.endswith(("xes", "ches", "shes", "sses", "zzes")):
        last = last[:-2]
    else:
        last = last[:-1]
    return head + sep + last


def fresh_name(ctx: Context, collection) -> str:
    """A new variable name for an element of `collection`: its singular (`boxes` -> `box`, `self.entries` ->
    `entry`), else `item`; never a name already used or bound in the scope (nor a keyword or builtin)."""
    base = collection.attr.value if isinstance(collection, cst.Attribute) else getattr(collection, "value", "")
    if not isinstance(base, str):
        raise TypeError("not a named collection")
    used = _scope_names(ctx)
    for name in (singular(base), "item"):
        if name and name.isidentifier() and not keyword.iskeyword(name) and name not in used \
                and name not in _BUILTIN_NAMES:
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
    if not _reference(collection) or not isinstance(index, cst.Name):
        raise ValueError("the collection must be a name or attribute and the index a name")
    for node in _walk(body):
        target = getattr(node, "target", None)
        if isinstance(node, (cst.AssignTarget, cst.AugAssign, cst.AnnAssign, cst.For, cst.CompFor, cst.NamedExpr,
                             cst.Del)) and any(same(t, x) for t in _bound(target) for x in (index, collection)):
            raise ValueError("the index or the collection is rebound in the body")
    old = cst.Subscript(value=collection, slice=[cst.SubscriptElement(slice=cst.Index(value=index))])
    visitor = _Substitute(to_term(old).key, cst.Name(name))
    result = body.visit(visitor)
    if visitor.stored or visitor.count == 0:
        raise ValueError("the element is assigned to, or never read")
    return result


def _bound(target):
    """The names, attributes and subscripts a binding target assigns (through tuples, lists and stars)."""
    if isinstance(target, (cst.Tuple, cst.List)):
        for e in target.elements:
            yield from _bound(e.value)
    elif isinstance(target, (cst.StarredElement, cst.Element)):
        yield from _bound(target.value)
    elif isinstance(target, cst.CSTNode):
        yield target


def _reference(node) -> bool:
    """A name or a chain of attributes on a name (reading it twice gives the same object)."""
    while isinstance(node, cst.Attribute):
        node = node.value
    return isinstance(node, cst.Name)


def _walk(node):
    stack = [node] if isinstance(node, cst.CSTNode) else []
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def union(items) -> cst.BinaryOperation:
    """The items of a subscript joined with `|` (`Union[a, b, c]`'s items -> `a | b | c`)."""
    if not isinstance(items, (list, tuple)) or len(items) < 2:
        raise TypeError("needs at least two items")
    values = []
    for item in items:
        if not (isinstance(item, cst.SubscriptElement) and isinstance(item.slice, cst.Index) and not item.slice.star):
            raise TypeError("only plain items")
        if isinstance(item.slice.value, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
            raise ValueError("`|` does not accept a string forward reference at run time")  # noqa: TRY004
        values.append(item.slice.value)
    result = values[0]
    for value in values[1:]:
        result = cst.BinaryOperation(left=result, operator=cst.BitOr(), right=value)
    return result


def base_name(node) -> str | None:
    """The name of a name or dotted name (`List` for `List` and for `typing.List`), else None."""
    name = dotted(to_term(node)) if isinstance(node, cst.CSTNode) else None
    return None if name is None else name[1]


def qualifier(node) -> str | None:
    """What qualifies a name: "" for `List`, "typing" for `typing.List`; None when `node` is not a dotted name."""
    name = dotted(to_term(node)) if isinstance(node, cst.CSTNode) else None
    return None if name is None else name[0]


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
NODE_FUNCTIONS = {"as_bool": as_bool, "negate": negate, "fstring": fstring, "union": union}


def _strip_parens(node):
    return node.with_changes(lpar=[], rpar=[]) if getattr(node, "lpar", None) else node



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
