"""Rewrite rules learned by anti-unification.

A rule is a *pattern* (the before-code of its sites with metavariables where the sites differ), a *template*
(the after-code, expressed through the metavariables, constants and rewrite primitives) and *guards* (predicates
learned from positive sites vs. near-miss negatives).  `build_rule` anti-unifies a cluster of sites: equal
subtrees stay constants, differing ones become variables (the same tuple of subtrees -> the same variable, which
is how co-references such as `x = x + y` are kept), operators that differ become operator variables.
"""

from __future__ import annotations

import builtins
import itertools
from dataclasses import dataclass, field

import libcst as cst

from clairvoyant.transforms import guards, primitives
from clairvoyant.transforms.predicates import Guard
from clairvoyant.transforms.sites import Site
from clairvoyant.transforms.terms import SENTINEL, Term, dotted, kind, seq_term, to_term


class Mismatch(Exception):
    """The sites cannot be generalized into one rule."""


# ------------------------------------------------------------------------------------------- pattern side
@dataclass(eq=False)
class Var:
    name: str
    bindings: list  # Term per site
    operator: bool = False
    root: bool = False  # the whole matched node (not a capture)


@dataclass(eq=False)
class PNode:
    type: str
    fields: list  # (name, value): PNode | Var | list | str | None | SENTINEL
    no_parens: bool  # all sites had no parentheses here
    virtual: bool = False
    capture: str | None = None  # captured as a whole because the template uses it

    def constants(self) -> int:
        total = 1
        for _, v in self.fields:
            if isinstance(v, (PNode, PQName)):
                total += v.constants()
            elif isinstance(v, list):
                total += sum(x.constants() for x in v if isinstance(x, (PNode, PQName)))
            elif isinstance(v, str):
                total += 1
        return total


@dataclass(eq=False)
class PQName:
    """One name written in several forms: `Optional` and `typing.Optional` (the qualifiers seen, "" for none)."""

    name: str
    qualifiers: tuple[str, ...]

    def constants(self) -> int:
        return 1


class _Generalizer:
    def __init__(self, carried: set | None = None) -> None:
        self.memo: dict[tuple, Var] = {}
        self.vars: list[Var] = []
        self.carried = carried  # for single-site rules: keys of subtrees copied into the after-code

    def var(self, terms: list[Term], hint: str, operator: bool = False) -> Var:
        keys = tuple(t.key for t in terms)
        if keys in self.memo:
            return self.memo[keys]
        if any(t.node is None for t in terms):
            raise Mismatch("cannot abstract a virtual node")
        names = {v.name for v in self.vars}
        name = hint
        for i in itertools.count(2):
            if name not in names:
                break
            name = f"{hint}_{i}"
        v = Var(name, list(terms), operator)
        self.memo[keys] = v
        self.vars.append(v)
        return v

    def lgg(self, terms: list[Term], hint: str = "x", root: bool = False, callee: bool = False):
        first = terms[0]
        same = all(t.key == first.key for t in terms)
        if self.carried is not None and not root and first.key in self.carried and _abstractable(first, callee):
            return self.var(terms, hint)
        if all(t.is_operator for t in terms):
            return PNode(first.type, [], True) if same else self.var(terms, "op", operator=True)
        if any(t.is_operator for t in terms):
            raise Mismatch("operator vs. expression")
        if not same and (first.type == "Name" or any(t.type != first.type for t in terms)):
            return self.var(terms, hint)
        fields = []
        for i, (name, value) in enumerate(first.fields):
            values = [t.fields[i][1] for t in terms]
            if isinstance(value, Term):
                if not all(isinstance(v, Term) for v in values):
                    return self.var(terms, hint)
                fields.append((name, self.lgg(values, _hint(name, hint), callee=name == "func")))
            elif isinstance(value, tuple):
                if not all(isinstance(v, tuple) for v in values):
                    return self.var(terms, hint)
                if any(len(v) != len(value) for v in values):
                    if name == "body":
                        fields.append((name, SENTINEL))  # statements of different lengths: unconstrained
                    else:  # e.g. subscripts with different numbers of items: the whole sequence is a variable
                        fields.append((name, self.var([seq_term(v) for v in values], name)))
                    continue
                items = [self.lgg([v[j] for v in values], _hint(name, hint, item=True)) for j in range(len(value))]
                fields.append((name, items))
            elif all(v == value for v in values):
                fields.append((name, value))
            elif all(v == SENTINEL or v is None for v in values):
                fields.append((name, SENTINEL))
            else:
                return self.var(terms, hint)
        return PNode(first.type, fields, not any(t.parens for t in terms), first.node is None)


_ITEM_HINTS = {"args": "arg", "elements": "element", "comparisons": "comparison", "targets": "target",
               "body": "stmt", "params": "param", "slice": "index", "names": "name"}


def _hint(field_name: str, parent_hint: str, item: bool = False) -> str:
    if item and field_name in _ITEM_HINTS:
        return _ITEM_HINTS[field_name]
    generic = {"value", "body", "elements", "args", "comparisons", "items", "slice", "item"}
    if parent_hint == "node":  # a part of the matched node: named after its field, not after the node itself
        return field_name
    return parent_hint if field_name in generic else field_name


def _abstractable(term: Term, callee: bool) -> bool:
    if term.node is None or term.is_operator or not isinstance(
            term.node, (cst.BaseExpression, cst.BaseSuite, cst.BaseStatement, cst.BaseSmallStatement)):
        return False
    if term.type == "Name" and term.get("value") in ("None", "True", "False"):
        return False
    return not (callee and term.type == "Name")  # keep the called function: `isinstance(...)` stays


# ------------------------------------------------------------------------------------------- template side
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


class _Deriver:
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


def _tested(patterns: list) -> set:
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


# ------------------------------------------------------------------------------------------- rules
@dataclass(eq=False)
class Rule:
    sites: list[Site]
    window: bool
    patterns: list  # PNode | Var per statement (windows) or a single-element list
    templates: list  # template per output statement (windows) or single-element list
    variables: list[Var]
    guards: list[Guard] = field(default_factory=list)
    name: str = ""
    safety: list[Guard] = field(default_factory=list)  # semantic guards derived from the rule itself

    @property
    def root_type(self) -> str:
        p = self.patterns[0]
        return p.type if isinstance(p, PNode) else "?"

    def template_vars(self) -> set[str]:
        """Names of the variables that the templates use (the others are dropped by the rewrite)."""
        out: set[str] = set()
        whole = False

        def visit(t) -> None:
            nonlocal whole
            if isinstance(t, list):
                for x in t:
                    visit(x)
            elif isinstance(t, (THole, TFunc, TOpMap, TNameMap)):
                out.add(t.var.name)
                whole |= t.var.root
            elif isinstance(t, TPolar):
                out.add(t.var.name)
                visit(t.inner)
            elif isinstance(t, TOptional):
                visit(t.item)
            elif isinstance(t, TSpread):
                out.update(v.name for v in t.vars)
            elif isinstance(t, TFresh):
                out.add(t.var.name)
            elif isinstance(t, TSubst):
                out.update({t.body.name, t.collection.name, t.index.name})
            elif isinstance(t, TNode):
                for _, v in t.fields:
                    visit(v)

        visit(self.templates)
        if whole:
            out |= {v.name for v in self.variables}  # the whole matched node is used: nothing is dropped
        return out

    def rescoped_vars(self) -> set[str]:
        """Variables the templates bind inside a comprehension (their binding moves into its own scope)."""
        out: set[str] = set()

        def visit(t, inside: bool) -> None:
            if isinstance(t, list):
                for x in t:
                    visit(x, inside)
            elif isinstance(t, THole) and inside:
                out.add(t.var.name)
            elif isinstance(t, TNode):
                for name, v in t.fields:
                    visit(v, inside or (t.type == "CompFor" and name == "target"))

        visit(self.templates, False)
        return out

    def specificity(self) -> int:
        return sum(p.constants() for p in self.patterns if isinstance(p, PNode))


def build_rule(sites: list[Site]) -> Rule:
    """Anti-unify `sites` into one rule; raises Mismatch when they do not share a rewrite."""
    first = sites[0]
    if any(s.window != first.window or len(s.before) != len(first.before) for s in sites):
        raise Mismatch("different shapes")
    if any(len(s.after) != len(first.after) for s in sites):
        raise Mismatch("different output lengths")
    carried = None
    if len(sites) == 1:
        carried = {t.key for a in first.after for t in a.walk()}
    gen = _Generalizer(carried)
    patterns = [gen.lgg([s.before[i] for s in sites], "stmt" if first.window else "node", root=True)
                for i in range(len(first.before))]
    if not all(isinstance(p, PNode) for p in patterns):
        raise Mismatch("the whole site is a variable")
    if not gen.vars:
        raise Mismatch("no variables: the rule would only match one text")
    inputs = list(gen.vars)
    if not first.window:  # the matched node itself is an input of the rewrite primitives
        inputs.append(Var("node", [s.before[0] for s in sites], root=True))
    deriver = _Deriver(inputs, [guards.Context(s.ancestors) for s in sites], [s.before for s in sites],
                       _tested(patterns))
    templates = []
    for i in range(len(first.after)):
        same_shape = i < len(patterns) and all(s.before[i].type == s.after[i].type for s in sites)
        templates.append(deriver.derive([s.after[i] for s in sites], patterns[i] if same_shape else None,
                                        [s.before[i] for s in sites] if same_shape else None))
    rule = Rule(sites, first.window, patterns, templates, gen.vars + deriver.extra)
    used = rule.template_vars()
    forms = {id(v): _one_name(v) for v in gen.vars if v.name not in used and not v.operator}
    forms = {k: q for k, q in forms.items() if q is not None}
    if forms:  # a dropped `Optional` / `typing.Optional` is the constant name it is in every form
        rule.patterns = [_constant_names(p, forms) for p in patterns]
        rule.variables = [v for v in rule.variables if id(v) not in forms]
        if not rule.variables:
            raise Mismatch("no variables: the rule would only match one text")
    for v in gen.vars:
        if v.name not in used and not v.operator and len({b.key for b in v.bindings}) > 1 \
                and all(_literal(b) for b in v.bindings):
            raise Mismatch(f"the output depends on the dropped literal {v.name}")
    rule.safety = safety_guards(rule)
    return rule


def _one_name(v: Var) -> PQName | None:
    """`PQName` when every binding of `v` is the same name, bare in some sites and qualified in others."""
    names = [dotted(b) for b in v.bindings]
    if not all(names) or len({n for _, n in names}) != 1 or len({b.type for b in v.bindings}) < 2 \
            or any(b.parens for b in v.bindings):
        return None
    return PQName(names[0][1], tuple(sorted({q for q, _ in names})))


def _constant_names(p, forms: dict):
    if isinstance(p, Var):
        return forms.get(id(p), p)
    if isinstance(p, list):
        return [_constant_names(x, forms) for x in p]
    if isinstance(p, PNode):
        p.fields = [(name, _constant_names(v, forms)) for name, v in p.fields]
    return p


def _literal(term: Term) -> bool:
    if term.type == "Name":
        return term.get("value") in ("True", "False", "None")
    return term.type in ("Integer", "Float", "Imaginary", "SimpleString")


# ------------------------------------------------------------------------------------------- safety
# Guards every rule gets from what it does, whatever its examples show (kept when they hold on its sites):
# builtins it relies on are not shadowed, names its examples import come from the same modules, code that it
# evaluates fewer times or unconditionally has no side effects, a binding it drops keeps the shapes seen,
# statements it merges do not read what the others bind,
# zero-argument `super()` only where the compiler provides `__class__`, no new scope directly in a class body.
BUILTINS = frozenset(n for n in vars(builtins) if not n.startswith("_")) - {"True", "False", "None"}
_NOT_LOADS = {("Attribute", "attr"), ("Arg", "keyword"), ("ImportAlias", "name"), ("FunctionDef", "name"),
              ("ClassDef", "name"), ("Param", "name")}
_CONDITIONAL = {("If", "body"), ("If", "orelse"), ("Else", "body"), ("IfExp", "body"), ("IfExp", "orelse"),
                ("BooleanOperation", "right"), ("For", "body"), ("For", "orelse"), ("While", "body"),
                ("While", "test"), ("ListComp", "elt"), ("SetComp", "elt"), ("GeneratorExp", "elt"),
                ("DictComp", "key"), ("DictComp", "value"), ("CompIf", "test"), ("Lambda", "body")}
_STORES = {("For", "target"), ("CompFor", "target"), ("AssignTarget", "target"), ("AugAssign", "target"),
           ("AnnAssign", "target"), ("AsName", "name")}
_NEW_SCOPES = {"ListComp", "SetComp", "DictComp", "GeneratorExp", "Lambda"}
# the names a primitive's output relies on being builtins
_PRIMITIVE_NAMES = {"as_bool": {"bool"} | primitives.BOOLEAN_CALLS, "negate": {"bool"} | primitives.BOOLEAN_CALLS}


@dataclass
class _Uses:
    """What one side of a rule (pattern or template) does with names and variables."""

    names: set = field(default_factory=set)  # constant names read (bare)
    qualified: set = field(default_factory=set)  # (qualifier, name) of constant PQNames
    counts: dict = field(default_factory=dict)  # id(var) -> occurrences
    unconditional: set = field(default_factory=set)  # id(var) with an occurrence that is always evaluated
    stores: set = field(default_factory=set)  # id(var) in a binding position
    types: set = field(default_factory=set)  # node types built
    zero_arg_super: bool = False

    def var(self, v, conditional: bool, store: bool) -> None:
        self.counts[id(v)] = self.counts.get(id(v), 0) + 1
        if not conditional:
            self.unconditional.add(id(v))
        if store:
            self.stores.add(id(v))


def _pattern_uses(p, uses: _Uses, parent=None, conditional=False) -> _Uses:
    if isinstance(p, Var):
        if not p.operator:
            uses.var(p, conditional, parent in _STORES)
    elif isinstance(p, PQName):
        uses.qualified.add(p)
    elif isinstance(p, list):
        for x in p:
            _pattern_uses(x, uses, parent, conditional)
    elif isinstance(p, PNode):
        fields = dict(p.fields)
        if p.type == "Name" and isinstance(fields.get("value"), str) and parent not in _NOT_LOADS:
            uses.names.add(fields["value"])
        for name, v in p.fields:
            _pattern_uses(v, uses, (p.type, name), conditional or (p.type, name) in _CONDITIONAL)
    return uses


def _template_uses(t, uses: _Uses, parent=None, conditional=False) -> _Uses:
    if isinstance(t, list):
        for x in t:
            _template_uses(x, uses, parent, conditional)
    elif isinstance(t, (THole, TFunc, TOpMap, TNameMap, TFresh)):
        uses.var(t.var, conditional, parent in _STORES)
        if isinstance(t, TFunc):
            uses.names |= _PRIMITIVE_NAMES.get(t.function, set())
    elif isinstance(t, TOptional):
        _template_uses(t.item, uses, parent, conditional)
    elif isinstance(t, TPolar):
        uses.var(t.var, conditional, False)
        uses.names |= _PRIMITIVE_NAMES["negate"]
        _template_uses(t.inner, uses, parent, conditional)
    elif isinstance(t, TSpread):
        for v in t.vars:
            uses.var(v, conditional, False)
    elif isinstance(t, TSubst):
        for v in (t.body, t.collection, t.index):
            uses.var(v, True, False)
    elif isinstance(t, TNode):
        uses.types.add(t.type)
        fields = dict(t.fields)
        if t.type == "Name" and isinstance(fields.get("value"), str) and parent not in _NOT_LOADS:
            uses.names.add(fields["value"])
        if t.type == "Call" and isinstance(fields.get("func"), TNode) and dict(fields["func"].fields).get(
                "value") == "super" and not fields.get("args"):
            uses.zero_arg_super = True
        for name, v in t.fields:
            _template_uses(v, uses, (t.type, name), conditional or (t.type, name) in _CONDITIONAL)
    return uses


def safety_guards(rule: Rule) -> list[Guard]:
    """The semantic guards of `rule` (see above) that hold on all its sites."""
    pattern = _Uses()
    for p in rule.patterns:
        _pattern_uses(p, pattern)
    template = _template_uses(rule.templates, _Uses())
    out: list[Guard] = []
    shadowable = (pattern.names | template.names) & BUILTINS
    if shadowable:
        out.append(Guard("not_shadowed", (frozenset(shadowable),)))
    for name in sorted(pattern.names - BUILTINS):
        modules = {s.imports.get(name) for s in rule.sites} - {None}
        if modules:
            out.append(Guard("imported_name", (name, frozenset(modules))))
    for q in sorted(pattern.qualified, key=lambda q: q.name):
        modules = ({s.imports.get(q.name) for s in rule.sites} | set(q.qualifiers)) - {None, ""}
        if modules:
            out.append(Guard("imported_name", (q.name, frozenset(modules))))
            out += [Guard("imported_name", (x.split(".")[0], frozenset({x}))) for x in q.qualifiers if x]
    for v in rule.variables:
        if v.operator or v.root:
            continue
        if any(isinstance(t, TNameMap) and t.var is v and t.qualifiers for t in _walk(rule.templates)):
            modules = ({s.imports.get(dotted(b)[1]) for s, b in zip(rule.sites, v.bindings) if dotted(b)}
                       | {dotted(b)[0] for b in v.bindings if dotted(b)}) - {None, ""}
            if modules:
                out.append(Guard("imported_from", (v.name, frozenset(modules))))
        used = template.counts.get(id(v), 0)
        if pattern.counts.get(id(v), 0) > used or (id(v) in template.unconditional
                                                   and id(v) not in pattern.unconditional):
            out.append(Guard("no_call", (v.name,)))  # evaluated fewer times, or now always
        if id(v) in pattern.stores:  # a binding keeps the kinds of targets seen (names, attributes, ...)
            out.append(Guard("type_in", (v.name, frozenset(b.type for b in v.bindings))))
    for v in rule.variables:
        tabled = any(isinstance(t, TOpMap) and t.var is v and t.table for t in _walk(rule.templates))
        if v.operator and id(v) in template.counts and not tabled:  # operators differ: only those seen
            out.append(Guard("kind_in", (v.name, frozenset(b.type for b in v.bindings))))
    unwraps = not rule.window and isinstance(rule.templates[0], THole)
    if unwraps or any(isinstance(t, TNameMap) for t in _walk(rule.templates)):
        # dropping a wrapper or renaming is only known to keep the meaning where the examples show it used
        out.append(Guard("context_in", (1, frozenset(guards.context_signature(guards.Context(s.ancestors), 1)
                                                     for s in rule.sites))))
    if rule.window:  # statements merged into one: the parts moved must not read what the others bind
        stores = [v for v in rule.variables if id(v) in pattern.stores]
        out += [Guard("not_contains", (x.name, v.name)) for v in stores for x in rule.variables
                if x is not v and not x.operator and id(x) in template.counts and id(x) not in pattern.stores]
    if template.zero_arg_super:
        out.append(Guard("zero_arg_super_ok"))
    if template.types & _NEW_SCOPES - {p.type for p in rule.patterns if isinstance(p, PNode)}:
        out.append(Guard("not_in_class_body"))
    return [g for g in out if all(g.evaluate(_site_bindings(rule, i), guards.Context(s.ancestors))
                                  for i, s in enumerate(rule.sites))]


def _site_bindings(rule: Rule, i: int) -> dict:
    return {v.name: v.bindings[i].node for v in rule.variables if i < len(v.bindings)}


def _walk(templates):
    for t in templates if isinstance(templates, list) else [templates]:
        yield t
        if isinstance(t, list):
            yield from _walk(t)
        elif isinstance(t, TPolar):
            yield from _walk(t.inner)
        elif isinstance(t, TOptional):
            yield from _walk(t.item)
        elif isinstance(t, TNode):
            for _, v in t.fields:
                yield from _walk(v)
