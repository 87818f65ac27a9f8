"""The pattern side of a rule: the before-code of its sites anti-unified, with metavariables where they differ.

`Generalizer.lgg` computes the least general generalization of one position across the sites; `Mismatch` is
raised (here, by the template side and by `build_rule`) when the sites cannot be generalized into one rule.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import libcst as cst

from clairvoyant.transforms.terms import SENTINEL, Term, seq_term


class Mismatch(Exception):
    """The sites cannot be generalized into one rule."""


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


class Generalizer:
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
