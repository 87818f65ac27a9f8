"""Rewrite rules learned by anti-unification.

A rule is a *pattern* (the before-code of its sites with metavariables where the sites differ), a *template*
(the after-code, expressed through the metavariables, constants and rewrite primitives) and *guards* (predicates
learned from positive sites vs. near-miss negatives).  `build_rule` anti-unifies a cluster of sites: equal
subtrees stay constants, differing ones become variables (the same tuple of subtrees -> the same variable, which
is how co-references such as `x = x + y` are kept), operators that differ become operator variables.

The pattern side lives in `patterns.py`, the template side in `templates.py` and the semantic safety guards in
`rule_safety.py`; the names other modules import from here are re-exported.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from clairvoyant.transforms import guards
from clairvoyant.transforms.patterns import Generalizer, Mismatch, PNode, PQName, Var
from clairvoyant.transforms.predicates import Guard
from clairvoyant.transforms.rule_safety import BUILTINS, safety_guards
from clairvoyant.transforms.sites import Site
from clairvoyant.transforms.templates import (
    Deriver,
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
    tested,
)
from clairvoyant.transforms.terms import SENTINEL, Term, dotted

__all__ = [  # what other modules import from here
    "BUILTINS", "SENTINEL", "Mismatch", "PNode", "PQName", "Rule", "TFresh", "TFunc", "THole", "TNameMap", "TNode",
    "TOpMap", "TOptional", "TPolar", "TSpread", "TSubst", "Var", "build_rule", "safety_guards",
]


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
    gen = Generalizer(carried)
    patterns = [gen.lgg([s.before[i] for s in sites], "stmt" if first.window else "node", root=True)
                for i in range(len(first.before))]
    if not all(isinstance(p, PNode) for p in patterns):
        raise Mismatch("the whole site is a variable")
    if not gen.vars:
        raise Mismatch("no variables: the rule would only match one text")
    inputs = list(gen.vars)
    if not first.window:  # the matched node itself is an input of the rewrite primitives
        inputs.append(Var("node", [s.before[0] for s in sites], root=True))
    deriver = Deriver(inputs, [guards.Context(s.ancestors) for s in sites], [s.before for s in sites],
                       tested(patterns))
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
