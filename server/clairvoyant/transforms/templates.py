"""The template side of a rule: the after-code expressed through the pattern's variables, constants and
rewrite primitives (`THole` ... `TNode`), and `Deriver`, which finds that expression for a cluster of sites."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import libcst as cst

from clairvoyant.transforms import primitives
from clairvoyant.transforms.patterns import Mismatch, PNode, Var
from clairvoyant.transforms.terms import SENTINEL, Term, dotted, kind, seq_term, to_term


@dataclass
class THole:
    var: Var


@dataclass
class TFunc:
    function: str  # a primitives.NODE_FUNCTIONS name
    var: Var


@dataclass
class TOpMap:
    var: Var
    function: str | None  # a primitives.OPERATOR_FUNCTIONS name, or None for a table
    table: dict | None = None


@dataclass
class TNameMap:
    var: Var
    table: dict
    qualifiers: tuple[str, ...] | None = None  # the var holds names written in these forms (`List`, `typing.List`)


@dataclass
class TFresh:
    var: Var  # a new variable name for an element of this collection (primitives.fresh_name)


@dataclass
class TSubst:
    body: Var  # the body with every read of collection[index] replaced by the fresh name
    collection: Var
    index: Var


@dataclass
class TPolar:
    """`inner`, negated where the operator `var` is one of `negative` (`type(a) == T` -> `isinstance(a, T)`,
    `type(a) != T` -> `not isinstance(a, T)`)."""

    var: Var
    negative: frozenset
    inner: object


@dataclass
class TOptional:
    """A last argument present unless `var` is `None` in the matched code (`d.get(k, 8080)`, `d.get(k)`)."""

    var: Var
    item: object


@dataclass
class TSpread:
    vars: list  # the elements of each variable (a tuple's items, or the variable itself), concatenated


def _spread_keys(term: Term) -> list:
    if term.type == "Tuple":
        return [e.get("value").key for e in term.get("elements")]
    return [term.key]


@dataclass
class TNode:
    type: str
    fields: list  # (name, TNode | THole | ... | list | str | None)
    virtual: bool = False
    bare: bool = False  # a tuple written without parentheses


class Deriver:
    def __init__(self, variables: list[Var], contexts: list, befores: list | None = None,
                 tested: set | None = None) -> None:
        self.tested = tested or set()  # ids of variables the before-code only uses for their truth value
        self.befores = [{t.get("value") for b in before for t in b.walk() if t.type == "Name"}
                        for before in befores or []]  # names in each site's before-code
        self.node_vars = [v for v in variables if not v.operator]
        self.op_vars = [v for v in variables if v.operator]
        self.contexts = contexts  # guards.Context per site (for primitives that look at the scope)
        self.extra: list[Var] = []  # pattern nodes captured whole for the template

    def derive(self, terms: list[Term], pattern=None, befores: list[Term] | None = None, truth: bool = False):
        """Express the after-terms `terms` (one per site); `pattern`/`befores` are the pattern node and the
        before-terms at the same position, when the before and after trees still correspond there.  `truth`: the
        after-code only uses this value's truth (a condition)."""
        first = terms[0]
        for v in self.node_vars:
            if all(b.key == t.key for b, t in zip(v.bindings, terms)):
                if id(v) in self.tested and not truth and all(
                        b.node is not None and _try_key(primitives.as_bool, b.node) == t.key
                        for b, t in zip(v.bindings, terms)):
                    return TFunc("as_bool", v)  # a condition becomes a value: keep it a bool
                return THole(v)
        if first.type == "Name":
            fresh = self._fresh_var(first.get("value"), terms)
            if fresh is not None:
                return TFresh(fresh)
        if all(t.key == first.key for t in terms) and not self._holds_binding(terms) and not any(
                t.type == "Name" and self._fresh_var(t.get("value"), terms) for t in first.walk()):
            return _constant(first)
        if all(t.is_operator for t in terms):
            return self._operator(terms)
        for v in self.node_vars:
            for name, function in primitives.NODE_FUNCTIONS.items():
                if all(b.node is not None and _try_key(function, b.node) == t.key
                       for b, t in zip(v.bindings, terms)):
                    return TFunc(name, v)
        if first.type == "IndentedBlock":
            found = self._substitution(terms, pattern, befores)
            if found is not None:
                return found
        if all(t.type == first.type for t in terms) and not any(t.is_operator for t in terms):
            return self._fields(terms, pattern, befores)
        polar = self._polarity(terms, truth)
        if polar is not None:
            return polar
        raise Mismatch(f"cannot derive {first.type}")

    def _polarity(self, terms: list[Term], truth: bool) -> TPolar | None:
        """Outputs negated (`not ...`) in some sites only, where an operator variable tells which: the
        operators of the negated sites and of the others do not overlap."""
        negated = [t.type == "UnaryOperation" and t.get("operator").type == "Not" for t in terms]
        if all(negated) or not any(negated):
            return None
        for v in self.op_vars:
            negative = {b.type for b, n in zip(v.bindings, negated) if n}
            if negative.isdisjoint(b.type for b, n in zip(v.bindings, negated) if not n):
                inner = [t.get("expression") if n else t for t, n in zip(terms, negated)]
                return TPolar(v, frozenset(negative), self.derive(inner, truth=truth))
        return None

    def _fresh_var(self, name: str, terms: list[Term]) -> Var | None:
        """The variable whose element `name` names in every site, when `name` is new (not in the before-code):
        a new name is an element's name even when every site gives the same one."""
        if not self.befores or any(name in names for names in self.befores):
            return None
        return next((v for v in self.node_vars if all(self._fresh(v, i) == name for i in range(len(terms)))), None)

    def _fresh(self, v: Var, i: int) -> str | None:
        try:
            return primitives.fresh_name(self.contexts[i], v.bindings[i].node)
        except (ValueError, AttributeError, TypeError):
            return None

    def _substitution(self, terms: list[Term], pattern, befores):
        blocks = [v for v in self.node_vars if all(b.type == "IndentedBlock" and b.node for b in v.bindings)]
        whole = None
        if isinstance(pattern, PNode) and befores and all(b.type == "IndentedBlock" and b.node for b in befores):
            whole = Var(self._new_name("body"), list(befores))
            blocks.append(whole)
        exprs = [v for v in self.node_vars if all(isinstance(b.node, cst.BaseExpression) for b in v.bindings)]
        for body in blocks:
            for coll, index in itertools.permutations(exprs, 2):
                if all(self._substitutes(body, coll, index, i, t) for i, t in enumerate(terms)):
                    if body is whole:
                        pattern.capture = whole.name
                        self.extra.append(whole)
                    return TSubst(body, coll, index)
        return None

    def _new_name(self, hint: str) -> str:
        names = {v.name for v in self.node_vars + self.op_vars + self.extra}
        name, i = hint, 2
        while name in names:
            name, i = f"{hint}_{i}", i + 1
        return name

    def _substitutes(self, body: Var, coll: Var, index: Var, i: int, target: Term) -> bool:
        name = self._fresh(coll, i)
        if name is None:
            return False
        try:
            result = primitives.substitute(body.bindings[i].node, coll.bindings[i].node, index.bindings[i].node, name)
        except ValueError:
            return False
        return to_term(result).key == target.key

    def _elements(self, type_: str, name: str, values: list[tuple], fixed: bool = False):
        """A sequence field: item by item (`fixed`), or the elements of some variables spliced together
        (`(a, b) + c` -> `(a, b, c)`: the `spread` primitive for tuple and list displays)."""
        if fixed:
            try:
                return [self.derive([v[j] for v in values]) for j in range(len(values[0]))]
            except Mismatch:
                if type_ not in ("Tuple", "List") or name != "elements":
                    raise
        if type_ not in ("Tuple", "List") or name != "elements":
            return None
        targets = [[e.get("value").key for e in v] for v in values]
        for size in (1, 2, 3):
            for combo in itertools.permutations(self.node_vars, size):
                if all([k for v in combo for k in _spread_keys(v.bindings[i])] == targets[i]
                       for i in range(len(values))):
                    return TSpread(list(combo))
        return None

    def _sequence(self, type_: str, name: str, values: list[tuple]):
        """A sequence field: a captured sequence, item by item, or spliced tuple items."""
        keys = [seq_term(v).key for v in values]
        for v in self.node_vars:
            if all(b.type == "<seq>" and b.key == k for b, k in zip(v.bindings, keys)):
                return THole(v)
        if all(len(v) == len(values[0]) for v in values):
            splice = self._elements(type_, name, values, fixed=True)
        else:
            splice = self._elements(type_, name, values) or self._optional_last(values)
        if splice is None:
            raise Mismatch(f"field {name}")
        return splice

    def _optional_last(self, values: list[tuple]):
        """Arguments whose last one is left out exactly in the sites where a variable is `None`: the short
        sites get that argument back (with the `None`) so every site derives the same item."""
        long = max(len(v) for v in values)
        short = [len(v) < long for v in values]
        if any(len(v) not in (long - 1, long) for v in values) or values[short.index(False)][-1].type != "Arg":
            return None
        model = values[short.index(False)][-1].node
        for var in self.node_vars:
            nones = [b.type == "Name" and b.get("value") == "None" for b in var.bindings]
            if nones != short or model is None or not all(
                    v[-1].get("value").key == b.key for v, b, n in zip(values, var.bindings, short) if not n):
                continue
            items = [to_term(model.with_changes(value=b.node)) if n else v[-1]
                     for v, b, n in zip(values, var.bindings, short)]
            try:
                head = [self.derive([v[j] for v in values]) for j in range(long - 1)]
                return head + [TOptional(var, self.derive(items))]
            except Mismatch:
                return None
        return None

    def _holds_binding(self, terms: list[Term]) -> bool:
        """Whether some variable's binding occurs inside every one of `terms` (so it must stay a hole)."""
        for v in self.node_vars:
            if all(any(s.key == b.key for s in t.walk()) for b, t in zip(v.bindings, terms)):
                return True
        return False

    def _operator(self, terms: list[Term]):
        for v in self.op_vars:
            if all(b.type == t.type for b, t in zip(v.bindings, terms)):
                return THole(v)
        for v in self.op_vars:
            for name, function in primitives.OPERATOR_FUNCTIONS.items():
                if all(_try_kind(function, b.node) == t.type for b, t in zip(v.bindings, terms)):
                    return TOpMap(v, name)
            table = _table([b.type for b in v.bindings], [t.type for t in terms])
            if table is not None:
                return TOpMap(v, None, table)
        raise Mismatch("operator")

    def _fields(self, terms: list[Term], pattern=None, befores=None):
        first = terms[0]
        aligned = isinstance(pattern, PNode) and pattern.type == first.type and befores is not None and all(
            b.type == first.type for b in befores)
        if first.type == "Name" and any(t.get("value") != first.get("value") for t in terms):
            for v in self.node_vars:
                if all(self._fresh(v, i) == t.get("value") for i, t in enumerate(terms)):
                    return TFresh(v)
            for v in [pattern] if isinstance(pattern, Var) else []:  # a rename of the name in the same place
                if all(b.type == "Name" for b in v.bindings):
                    table = _table([b.get("value") for b in v.bindings], [t.get("value") for t in terms])
                    if table is not None:
                        return TNameMap(v, table)
                names = [dotted(b) for b in v.bindings]
                if all(names) and not any(b.parens for b in v.bindings):  # `List` and `typing.List` alike
                    table = _table([n for _, n in names], [t.get("value") for t in terms])
                    if table is not None:
                        return TNameMap(v, table, tuple(sorted({q for q, _ in names})))
            raise Mismatch("name")
        fields = []
        for i, (name, value) in enumerate(first.fields):
            values = [t.fields[i][1] for t in terms]
            sub_pattern, sub_befores = None, None
            if aligned and isinstance(pattern.fields[i][1], (PNode, Var)):
                sub_pattern, sub_befores = pattern.fields[i][1], [b.fields[i][1] for b in befores]
            if isinstance(value, Term) and all(isinstance(v, Term) for v in values):
                fields.append((name, self.derive(values, sub_pattern, sub_befores, _truth_field(first, name))))
            elif isinstance(value, tuple) and all(isinstance(v, tuple) for v in values):
                fields.append((name, self._sequence(first.type, name, values)))
            elif all(v == value for v in values) and not isinstance(value, (Term, tuple)):
                fields.append((name, value))
            elif all(v in (None, SENTINEL) for v in values):
                fields.append((name, SENTINEL))
            else:
                raise Mismatch(f"field {name}")
        return TNode(first.type, fields, first.node is None, _bare(terms))


_TRUTH_FIELDS = {("If", "test"), ("While", "test"), ("IfExp", "test"), ("CompIf", "test"), ("Assert", "test")}


def _truth_field(term: Term, name: str) -> bool:
    """Whether field `name` of `term` is only used for its truth value (a condition, the operand of `not`)."""
    if term.type == "UnaryOperation" and name == "expression":
        return term.get("operator").type == "Not"
    return (term.type, name) in _TRUTH_FIELDS


def tested(patterns: list) -> set:
    """ids of the pattern variables that occur only where their truth value is used."""
    truth, other = set(), set()

    def visit(p, inside: bool) -> None:
        if isinstance(p, Var):
            (truth if inside else other).add(id(p))
        elif isinstance(p, list):
            for x in p:
                visit(x, False)
        elif isinstance(p, PNode):
            fields = dict(p.fields)
            negation = p.type == "UnaryOperation" and isinstance(fields.get("operator"), PNode) \
                and fields["operator"].type == "Not"
            for name, v in p.fields:
                visit(v, (p.type, name) in _TRUTH_FIELDS or (negation and name == "expression"))

    visit(patterns, False)
    return truth - other


def _bare(terms: list[Term]) -> bool:
    return terms[0].type == "Tuple" and not any(t.parens for t in terms)


def _try_key(function, node):
    try:
        return to_term(function(node)).key
    except Exception:  # noqa: BLE001 - a primitive that does not apply is simply not a candidate
        return None


def _try_kind(function, node):
    try:
        return kind(function(node))
    except Exception:  # noqa: BLE001 - a primitive that does not apply is simply not a candidate
        return None


def _table(keys: list, values: list) -> dict | None:
    table: dict = {}
    for k, v in zip(keys, values):
        if table.setdefault(k, v) != v:
            return None
    return table


def _constant(term: Term) -> TNode:
    fields = []
    for name, value in term.fields:
        if isinstance(value, Term):
            fields.append((name, _constant(value)))
        elif isinstance(value, tuple):
            fields.append((name, [_constant(v) for v in value]))
        else:
            fields.append((name, value))
    return TNode(term.type, fields, term.node is None, _bare([term]))
