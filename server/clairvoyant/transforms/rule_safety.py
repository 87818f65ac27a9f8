"""Semantic safety guards: the guards every rule gets from what it does (its pattern and template compared),
whatever its examples show, kept when they hold on all its sites."""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from clairvoyant.transforms import guards, primitives
from clairvoyant.transforms.patterns import PNode, PQName, Var
from clairvoyant.transforms.predicates import Guard
from clairvoyant.transforms.templates import (
    TFresh,
    TFunc,
    THole,
    TNameMap,
    TNode,
    TOpMap,
    TOptional,
    TPolar,
    TSpread,
    TSubst,
)
from clairvoyant.transforms.terms import dotted

if TYPE_CHECKING:  # annotations only: rules.py imports this module
    from clairvoyant.transforms.rules import Rule

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
