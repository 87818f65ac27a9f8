"""Guards: predicates on a rule's match (captures and context) as learned data and as generated code.

`Guard(name, args)` evaluates a runtime predicate (`guards.py`, `primitives.same`) on a recorded rewrite and
renders the same check as code for the generated module; `candidate_guards` lists the ones that hold on every
correct rewrite of a rule, simplest first.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import libcst as cst

from clairvoyant.transforms import guards, primitives
from clairvoyant.transforms.terms import kind


@dataclass(frozen=True)
class Guard:
    """A predicate on a match: `name` is a runtime predicate, `args` are capture names or literal values."""

    name: str
    args: tuple = ()

    def evaluate(self, bindings: dict, context) -> bool:
        try:
            return bool(_GUARD_EVAL[self.name](bindings, context, *self.args))
        except Exception:  # noqa: BLE001 - a predicate that cannot be evaluated does not hold
            return False

    def code(self) -> str:
        return _GUARD_CODE[self.name](*self.args)


def set_literal(values) -> str:
    return "{" + ", ".join(repr(v) for v in sorted(values, key=repr)) + "}"


_GUARD_EVAL = {
    "same": lambda b, c, x, y: primitives.same(b[x], b[y]),
    "type_in": lambda b, c, x, names: kind(b[x]) in names,
    "kind_in": lambda b, c, x, names: kind(b[x]) in names,
    "value_in": lambda b, c, x, names: b[x].value in names,
    "no_call": lambda b, c, x: guards.no_call(b[x]),
    "not_contains": lambda b, c, x, y: guards.not_contains(b[x], b[y]),
    "not_modified_in": lambda b, c, x, y: guards.not_modified_in(b[x], b[y]),
    "is_enclosing_class": lambda b, c, x: guards.is_enclosing_class(c, b[x]),
    "is_first_param_of_method": lambda b, c, x: guards.is_first_param_of_method(c, b[x]),
    "not_read_after": lambda b, c, x: guards.not_read_after(c, b[x]),
    "not_async": lambda b, c: not guards.in_async_function(c),
    "context_in": lambda b, c, depth, sigs: guards.context_signature(c, depth) in sigs,
    "within": lambda b, c, type_name: guards.within(c, type_name),
    "not_shadowed": lambda b, c, names: guards.not_shadowed(c, names),
    "imported_from": lambda b, c, x, modules: guards.imported_from(c, b[x], modules),
    "imported_name": lambda b, c, name, modules: guards.imported_from(c, name, modules),
    "zero_arg_super_ok": lambda b, c: guards.zero_arg_super_ok(c),
    "not_in_class_body": lambda b, c: guards.not_in_class_body(c),
}
_GUARD_CODE = {
    "same": lambda x, y: f'same(b["{x}"], b["{y}"])',
    "type_in": lambda x, names: f'kind(b["{x}"]) in {set_literal(names)}',
    "kind_in": lambda x, names: f'kind(b["{x}"]) in {set_literal(names)}',
    "value_in": lambda x, names: f'b["{x}"].value in {set_literal(names)}',
    "no_call": lambda x: f'no_call(b["{x}"])',
    "not_contains": lambda x, y: f'not_contains(b["{x}"], b["{y}"])',
    "not_modified_in": lambda x, y: f'not_modified_in(b["{x}"], b["{y}"])',
    "is_enclosing_class": lambda x: f'is_enclosing_class(self.context, b["{x}"])',
    "is_first_param_of_method": lambda x: f'is_first_param_of_method(self.context, b["{x}"])',
    "not_read_after": lambda x: f'not_read_after(self.context, b["{x}"])',
    "not_async": lambda: "not in_async_function(self.context)",
    "context_in": lambda depth, sigs: f"context_in(self.context, {depth}, {set_literal(sigs)})",
    "within": lambda type_name: f"within(self.context, {type_name!r})",
    "not_shadowed": lambda names: f"not_shadowed(self.context, {set_literal(names)})",
    "imported_from": lambda x, modules: f'imported_from(self.context, b["{x}"], {set_literal(modules)})',
    "imported_name": lambda name, modules: f"imported_from(self.context, {name!r}, {set_literal(modules)})",
    "zero_arg_super_ok": lambda: "zero_arg_super_ok(self.context)",
    "not_in_class_body": lambda: "not_in_class_body(self.context)",
}
# Guards that are kept whenever they hold on every correct rewrite (semantic safety: scoping, liveness).
ALWAYS = ("is_enclosing_class", "is_first_param_of_method", "not_read_after")


def candidate_guards(good: list, captures: list[str], operators: tuple[str, ...] = (),
                     outputs: dict | None = None) -> list[Guard]:
    """Predicates that hold on every correct rewrite `good` (list of runtime.Fire), simplest first: the
    operators a rule was seen with come before the kinds of expressions it was seen with.  `outputs` maps the
    node types other rules rewrite to the types they produce: rules apply innermost first, so a capture seen as
    a `Subscript` may also be what a rule made of one (`Optional[Union[a, b]]` -> `Optional[a | b]`)."""
    out: list[Guard] = []

    def holds(g: Guard) -> bool:
        return all(g.evaluate(f.bindings, f.context) for f in good)

    for x in operators:
        if all(isinstance(f.bindings.get(x), cst.CSTNode) for f in good):
            out.append(Guard("kind_in", (x, frozenset(kind(f.bindings[x]) for f in good))))
    nodes = [x for x in captures if all(isinstance(f.bindings.get(x), cst.CSTNode) for f in good)]
    for x in nodes:
        types = frozenset(kind(f.bindings[x]) for f in good)
        types |= {o for t in types for o in (outputs or {}).get(t, ())}
        out.append(Guard("type_in", (x, types)))
    for x in nodes:
        for name in ("no_call",) + ALWAYS:
            out.append(Guard(name, (x,)))
    out.append(Guard("not_async"))
    for x, y in itertools.permutations(nodes, 2):
        out.append(Guard("not_contains", (x, y)))
        out.append(Guard("not_modified_in", (x, y)))
    structural = {"Module", "IndentedBlock", "SimpleStatementLine", "SimpleStatementSuite", "Else"}
    common = set.intersection(*({kind(n) for n in f.context.ancestors[:-1]} for f in good)) if good else set()
    for type_name in sorted(common - structural):
        out.append(Guard("within", (type_name,)))
    for depth in (1, 2, 3):
        out.append(Guard("context_in", (depth, frozenset(guards.context_signature(f.context, depth)
                                                         for f in good))))
    return [g for g in out if holds(g)]
