"""Whitespace-free view of libcst trees: the terms that the synthesizer diffs and generalizes.

A `Term` keeps a node's type, its structural fields (children, leaf strings) and the libcst node it came from;
formatting (whitespace, commas, comments) is not part of a term, so two terms are equal when the code is the same
up to formatting.  Operators (`==`, `+`, `and`, ...) are leaf terms named after their kind.  A one-line suite
(`if x: y`) is viewed as an indented block, so both layouts generalize together.
"""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass

import libcst as cst

OPERATOR_BASES = (cst.BaseBinaryOp, cst.BaseBooleanOp, cst.BaseCompOp, cst.BaseUnaryOp, cst.BaseAugOp)
# Fields that carry formatting only (whitespace, punctuation tokens, comments).
FORMAT_FIELDS = frozenset({
    "header", "footer", "indent", "leading_lines", "lines_after_decorators", "trailing_whitespace",
    "leading_whitespace", "lpar", "rpar", "lbracket", "rbracket", "lbrace", "rbrace", "semicolon", "comma",
    "equal", "colon", "dot", "newline", "default_indent", "default_newline", "has_trailing_newline", "encoding",
    "whitespace", "first_line", "empty_lines", "asterisk",
})
SENTINEL = "<sentinel>"  # a MaybeSentinel value: unconstrained in patterns, left to libcst's default in templates


@functools.cache
def structural_fields(cls: type) -> tuple[str, ...]:
    """Names of the fields of `cls` that carry code rather than formatting."""
    return tuple(
        f.name for f in dataclasses.fields(cls)
        if f.name not in FORMAT_FIELDS and not f.name.startswith("whitespace")
    )


def is_operator(node: cst.CSTNode) -> bool:
    return isinstance(node, OPERATOR_BASES)


def kind(node: cst.CSTNode) -> str:
    """Class name of a node (`"Equal"`, `"Name"`, ...)."""
    return type(node).__name__


@dataclass(eq=False)
class Term:
    type: str
    fields: tuple[tuple[str, object], ...]  # value: Term | tuple[Term, ...] | str | None | SENTINEL
    node: cst.CSTNode | None  # the libcst node (None for the virtual line of a one-line suite)
    parens: bool
    key: tuple

    def get(self, name: str):
        for field, value in self.fields:
            if field == name:
                return value
        raise KeyError(name)

    @property
    def is_operator(self) -> bool:
        return self.node is not None and is_operator(self.node)

    def size(self) -> int:
        return 1 + sum(
            v.size() if isinstance(v, Term) else sum(x.size() for x in v) if isinstance(v, tuple) else 0
            for _, v in self.fields
        )

    def walk(self):
        yield self
        for _, v in self.fields:
            if isinstance(v, Term):
                yield from v.walk()
            elif isinstance(v, tuple):
                for x in v:
                    yield from x.walk()


def _value_key(value) -> object:
    if isinstance(value, Term):
        return value.key
    if isinstance(value, tuple):
        return tuple(v.key for v in value)
    return value


def make(type_: str, fields: tuple, node, parens: bool = False) -> Term:
    key = (type_, tuple((f, _value_key(v)) for f, v in fields))
    return Term(type_, fields, node, parens, key)


@functools.lru_cache(maxsize=50_000)  # bounded: it keeps nodes alive
def to_term(node: cst.CSTNode) -> Term:
    """Convert a libcst node (recursively) to a term (cached: libcst nodes are immutable)."""
    if isinstance(node, cst.SimpleStatementSuite):
        line = make("SimpleStatementLine", (("body", tuple(to_term(s) for s in node.body)),), None)
        return make("IndentedBlock", (("body", (line,)),), node)
    fields = []
    if not is_operator(node):
        for name in structural_fields(type(node)):
            fields.append((name, _convert(getattr(node, name))))
    return make(kind(node), tuple(fields), node, bool(getattr(node, "lpar", None)))


def _convert(value):
    if isinstance(value, cst.CSTNode):
        return to_term(value)
    if isinstance(value, (list, tuple)):
        return tuple(to_term(v) for v in value)
    if isinstance(value, cst.MaybeSentinel):
        return SENTINEL
    return value


def dotted(term: Term) -> tuple[str, str] | None:
    """(qualifier, name) of a name or a dotted name: `List` -> ("", "List"), `typing.List` -> ("typing", "List");
    None for anything else.  `typing.List` and `List` are the same name in two forms."""
    if term.type == "Name":
        return "", term.get("value")
    if term.type == "Attribute" and not term.parens:
        inner, attr = dotted(term.get("value")), term.get("attr")
        if inner is not None and attr.type == "Name":
            return ".".join(p for p in inner if p), attr.get("value")
    return None


def seq_term(items: tuple) -> Term:
    """A whole sequence field (e.g. the elements of a subscript) as one term; its node is the tuple of nodes."""
    return make("<seq>", (("items", tuple(items)),), tuple(t.node for t in items))


def is_statement(term: Term) -> bool:
    return term.node is None or isinstance(term.node, (cst.BaseStatement, cst.BaseSmallStatement))


def code(node: cst.CSTNode) -> str:
    """Source code of a node, without surrounding blank lines."""
    return cst.Module([]).code_for_node(node).strip("\n")


def parse_module(source: str) -> cst.Module:
    """Parse Python source; raises `TransformError` with a readable message when it is not valid Python."""
    from clairvoyant.transforms.errors import TransformError

    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        raise TransformError(f"cannot parse Python source: line {exc.raw_line}, column {exc.raw_column}: "
                             f"{exc.message}") from None
    except (RecursionError, ValueError) as exc:
        raise TransformError(f"cannot parse Python source: {exc}") from None
