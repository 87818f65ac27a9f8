"""Use built-in generics and `X | None` in annotations: In annotations, replace typing generics (`List`, `Dict`, `Set`, `FrozenSet`, `Tuple`, `Type`) with builtin generics, `Optional[X]` with `X | None` and `Union[A, B]` with `A | B`, dropping `from typing import` names that become unused.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
3 rules; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import (
    RuleTransformer,
    base_name,
    context_in,
    imported_from,
    kind,
    not_shadowed,
    qualifier,
    union,
    within,
)

NAME = 'typing-pep585-pep604'
TITLE = 'Use built-in generics and `X | None` in annotations'
DESCRIPTION = 'In annotations, replace typing generics (`List`, `Dict`, `Set`, `FrozenSet`, `Tuple`, `Type`) with builtin generics, `Optional[X]` with `X | None` and `Union[A, B]` with `A | B`, dropping `from typing import` names that become unused.'
PRECISE_ONLY = False

# rule_1: learned from 12 site(s); for example
#     List[int]
# becomes
#     list[int]
RULE_1 = m.Subscript(value=m.SaveMatchedNode(m.DoNotCare(), "value"), slice=m.SaveMatchedNode(m.DoNotCare(), "slice"))
RULE_1_NAMES = {'Dict': 'dict', 'FrozenSet': 'frozenset', 'List': 'list', 'Set': 'set', 'Tuple': 'tuple', 'Type': 'type'}

# rule_2: learned from 4 site(s); for example
#     Optional[Any]
# becomes
#     Any | None
RULE_2 = m.Subscript(
    value=m.OneOf(m.Name('Optional'), m.Attribute(value=m.Name('typing'), attr=m.Name('Optional'))),
    slice=[m.SubscriptElement(slice=m.Index(value=m.SaveMatchedNode(m.DoNotCare(), "index"), star=None))],
)

# rule_3: learned from 3 site(s); for example
#     Union[str, bytes]
# becomes
#     str | bytes
RULE_3 = m.Subscript(value=m.Name(value='Union'), slice=m.SaveMatchedNode(m.DoNotCare(), "slice"))


class Transform(RuleTransformer):
    """Use built-in generics and `X | None` in annotations."""

    NAME = NAME
    CLEANUP_IMPORTS = True  # the examples drop imports their rewrites leave unused

    def leave_Subscript(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_2, self.rule_3, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Subscript like `List[int]`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            qualifier(b["value"]) in {'', 'typing'} and
            base_name(b["value"]) in RULE_1_NAMES and
            not_shadowed(self.context, {RULE_1_NAMES[base_name(b["value"])]}) and
            within(self.context, 'Annotation') and
            imported_from(self.context, b["value"], {'typing'}) and
            context_in(self.context, 1, {(('Annotation', '?'),), (('Annotation', 'annotation'),), (('Index', 'value'),)})
        ):
            return None
        return node.with_changes(value=cst.Name(RULE_1_NAMES[base_name(b["value"])]), slice=b["slice"])

    def rule_2(self, node):
        """Rewrite a Subscript like `Optional[Any]`"""
        b = self.bind(m.extract(node, RULE_2))
        if b is None or not (
            kind(b["index"]) in {'BinaryOperation', 'Name', 'Subscript'} and
            imported_from(self.context, 'Optional', {'typing'}) and
            imported_from(self.context, 'typing', {'typing'})
        ):
            return None
        return cst.BinaryOperation(left=b["index"], operator=cst.BitOr(), right=cst.Name(value='None'))

    def rule_3(self, node):
        """Rewrite a Subscript like `Union[str, bytes]`"""
        b = self.bind(m.extract(node, RULE_3))
        if b is None or not (
            within(self.context, 'Annotation') and
            imported_from(self.context, 'Union', {'typing'})
        ):
            return None
        try:
            return union(b["slice"])
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
