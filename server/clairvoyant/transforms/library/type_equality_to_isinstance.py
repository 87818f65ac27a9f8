"""Use isinstance() instead of comparing types: Replace exact type checks `type(x) == T` / `type(x) is T` with `isinstance(x, T)`, and `type(x) != T` / `type(x) is not T` with `not isinstance(x, T)`.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, kind, negate_if, not_shadowed

NAME = 'type-equality-to-isinstance'
TITLE = 'Use isinstance() instead of comparing types'
DESCRIPTION = 'Replace exact type checks `type(x) == T` / `type(x) is T` with `isinstance(x, T)`, and `type(x) != T` / `type(x) is not T` with `not isinstance(x, T)`.'
PRECISE_ONLY = False

# rule_1: learned from 4 site(s); for example
#     type(value) == str
# becomes
#     isinstance(value, str)
RULE_1 = m.Comparison(
    left=m.Call(
        func=m.Name(value='type'),
        args=[m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star='')],
    ),
    comparisons=[
        m.ComparisonTarget(
            operator=m.SaveMatchedNode(m.DoNotCare(), "op"),
            comparator=m.SaveMatchedNode(m.DoNotCare(), "comparator"),
        ),
    ],
)


class Transform(RuleTransformer):
    """Use isinstance() instead of comparing types."""

    NAME = NAME

    def leave_Comparison(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Comparison like `type(value) == str`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            kind(b["comparator"]) in {'Attribute', 'Name'} and
            not_shadowed(self.context, {'all', 'any', 'bool', 'callable', 'hasattr', 'isinstance', 'issubclass', 'type'}) and
            kind(b["op"]) in {'Equal', 'Is', 'IsNot', 'NotEqual'}
        ):
            return None
        try:
            return negate_if(
                kind(b["op"]) in {'IsNot', 'NotEqual'},
                cst.Call(
                    func=cst.Name(value='isinstance'),
                    args=[cst.Arg(value=b["arg"]), cst.Arg(value=b["comparator"])],
                ),
            )
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
