"""Support code imported by synthesized transform modules.

`RuleTransformer` is the base class of every generated `Transform`: it keeps the stack of enclosing nodes (the
context that guards look at), applies statement-window rules inside blocks, and funnels every rewrite through
`_fire`, which restricts edits to a line range, refuses edits that would drop a comment, fixes operator
precedence with parentheses, and records where rewrites happened.  It also re-exports the rewrite primitives
(`primitives.py`) and guard predicates (`guards.py`) that generated modules use, so they import from one place.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.guards import (
    Context,
    context_in,
    imported_from,
    in_async_function,
    is_enclosing_class,
    is_first_param_of_method,
    no_call,
    not_contains,
    not_in_class_body,
    not_modified_in,
    not_read_after,
    not_shadowed,
    type_in,
    within,
    zero_arg_super_ok,
)
from clairvoyant.transforms.imports import remove_unused_imports
from clairvoyant.transforms.primitives import (
    as_bool,
    augmented,
    base_name,
    fix_parens,
    fresh_name,
    fstring,
    negate,
    negate_if,
    negated,
    qualifier,
    reversed_comparison,
    same,
    spread,
    substitute,
    union,
    unless_none,
)
from clairvoyant.transforms.terms import kind

__all__ = [
    "RuleTransformer",
    "as_bool",
    "augmented",
    "base_name",
    "context_in",
    "fresh_name",
    "fstring",
    "imported_from",
    "in_async_function",
    "is_enclosing_class",
    "is_first_param_of_method",
    "kind",
    "match_window",
    "negate",
    "negate_if",
    "negated",
    "no_call",
    "not_contains",
    "not_in_class_body",
    "not_modified_in",
    "not_read_after",
    "not_shadowed",
    "qualifier",
    "reversed_comparison",
    "same",
    "spread",
    "substitute",
    "type_in",
    "union",
    "unless_none",
    "within",
    "zero_arg_super_ok",
]


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
    CLEANUP_IMPORTS = False  # drop `from m import name` names that the rewrites left unused

    def __init__(self, allowed=None, record: bool = False) -> None:
        super().__init__()
        self.ancestors: list[cst.CSTNode] = []
        self.allowed = allowed  # callable(original_node) -> bool, or None for everywhere
        self.record = record
        self.fires: list[Fire] = []
        self.changes = 0
        self._block: tuple | None = None

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.ancestors.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node, updated_node):
        try:
            result = super().on_leave(original_node, updated_node)
            if self.BLOCK_RULES and isinstance(original_node, (cst.IndentedBlock, cst.Module)):
                result = self._rewrite_block(original_node, result)
            if self.CLEANUP_IMPORTS and self.changes and isinstance(original_node, cst.Module):
                result = remove_unused_imports(original_node, result)
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
        self.changes += 1
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
        self.failed: list[tuple[str, str]] = []  # (transform name, error)
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
            self._guarded(leave.__self__, leave, original_node, original_node)
        if isinstance(original_node, (cst.IndentedBlock, cst.Module)):
            for t in self.block_transforms:
                self._guarded(t, t._rewrite_block, original_node, original_node)
        self.ancestors.pop()

    def _guarded(self, transform: RuleTransformer, method, *args) -> None:
        """Run one transform's method; a transform that raises is switched off (and reported), not the walk."""
        try:
            method(*args)
        except Exception as exc:  # noqa: BLE001 - one broken (e.g. workspace) transform must not hide the others
            self.failed.append((transform.NAME, f"{type(exc).__name__}: {exc}"))
            self.by_type = {k: [f for f in v if f.__self__ is not transform] for k, v in self.by_type.items()}
            self.block_transforms = [t for t in self.block_transforms if t is not transform]
            transform.fires.clear()


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
    """The comments in `nodes`, as (text, occurrence) pairs so that duplicates count."""
    from collections import Counter

    counts, stack = Counter(), list(nodes)
    while stack:
        n = stack.pop()
        if isinstance(n, cst.Comment):
            counts[n.value] += 1
        stack.extend(n.children)
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
