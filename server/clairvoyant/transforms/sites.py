"""Change sites: the minimal differing subtrees between a before and an after tree.

Two trees are walked in parallel; where exactly one child differs the walk descends, where several differ (or the
node type changes) the node is a change site.  Statement lists are aligned by their common prefix and suffix; the
differing middle is a statement *window* (e.g. `x = []` + `for ...` -> `x = [...]`).  Sites on operators,
argument wrappers or bare names are lifted to the nearest enclosing expression so rules have some context.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from clairvoyant.transforms.terms import Term, _value_key, dotted

_LEAVES = (cst.Name, cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)


@dataclass(eq=False)
class Site:
    before: tuple[Term, ...]  # one node, or the statements of a window
    after: tuple[Term, ...]
    window: bool
    example: int = -1
    ancestors: tuple = ()  # enclosing libcst nodes, outermost first (the matched node last for node sites)
    imports: dict = field(default_factory=dict)  # name -> module of the example's `from module import name`

    @property
    def root_type(self) -> str:
        return "|".join(t.type for t in self.before) if self.window else self.before[0].type


def find_sites(before: Term, after: Term, example: int = -1) -> list[Site]:
    """All change sites between two module terms."""
    out: list[Site] = []
    _diff(before, after, [], out)
    seen, unique = set(), []
    for site in out:
        ident = tuple(id(t) for t in site.before)
        if ident not in seen:
            seen.add(ident)
            site.example = example
            unique.append(site)
    return unique


def _liftable(term: Term) -> bool:
    node = term.node
    if node is None or term.is_operator or isinstance(node, _LEAVES):
        return False
    return isinstance(node, (cst.BaseExpression, cst.BaseSmallStatement, cst.BaseStatement))


def _requalified(b: Term, a: Term) -> bool:
    """A name that only changes its form (`typing.List` -> `list`): like a bare name, it is lifted."""
    return b.type != a.type and dotted(b) is not None and dotted(a) is not None


def _site(b: Term, a: Term, path: list[tuple[Term, Term]], out: list[Site]) -> None:
    i = len(path)
    while (not _liftable(b) or _requalified(b, a)) and i > 0:
        i -= 1
        b, a = path[i]
        if b.type in ("IndentedBlock", "Module", "SimpleStatementLine"):
            return  # nothing sensible to lift to
    bn, an = b.node, a.node
    if not _liftable(b):
        return
    if (isinstance(bn, cst.BaseExpression) and isinstance(an, cst.BaseExpression)) or b.type == a.type or (
            isinstance(bn, cst.BaseSmallStatement) and isinstance(an, cst.BaseSmallStatement)):
        out.append(Site((b,), (a,), False, ancestors=_chain(path[:i]) + (bn,)))


def _diff(b: Term, a: Term, path: list, out: list[Site]) -> None:
    if b.key == a.key:
        return
    if b.type != a.type or b.is_operator:
        _site(b, a, path, out)
        return
    diffs = [(f, vb, va) for (f, vb), (_, va) in zip(b.fields, a.fields) if _value_key(vb) != _value_key(va)]
    if len(diffs) == 1:
        field, vb, va = diffs[0]
        inner = path + [(b, a)]
        if isinstance(vb, Term) and isinstance(va, Term):
            _diff(vb, va, inner, out)
            return
        if isinstance(vb, tuple) and isinstance(va, tuple):
            if field == "body" and b.type in ("IndentedBlock", "Module"):
                _diff_block(vb, va, inner, out)
                return
            if len(vb) == len(va):
                for x, y in zip(vb, va):
                    _diff(x, y, inner, out)
                return
    if len(diffs) > 1 and isinstance(b.node, cst.BaseCompoundStatement) and all(
            isinstance(vb, Term) and isinstance(va, Term) and vb.type == va.type for _, vb, va in diffs):
        for _, vb, va in diffs:  # independent edits in different parts of one statement (e.g. if / elif)
            _diff(vb, va, path + [(b, a)], out)
        return
    _site(b, a, path, out)


def _diff_block(vb: tuple, va: tuple, path: list, out: list[Site]) -> None:
    p = 0
    while p < min(len(vb), len(va)) and vb[p].key == va[p].key:
        p += 1
    s = 0
    while s < min(len(vb), len(va)) - p and vb[-1 - s].key == va[-1 - s].key:
        s += 1
    mb, ma = vb[p:len(vb) - s], va[p:len(va) - s]
    if len(mb) == len(ma):
        for x, y in zip(mb, ma):
            if x.type == y.type:
                _diff(x, y, path, out)
            else:
                out.append(Site((x,), (y,), True, ancestors=_chain(path)))
    elif mb:
        out.append(Site(tuple(mb), tuple(ma), True, ancestors=_chain(path)))


def _chain(path: list) -> tuple:
    return tuple(b.node for b, _ in path if b.node is not None)
