"""Merge isinstance() checks: Merge adjacent `isinstance(x, A) or isinstance(x, B)` checks on the same name/attribute into a single `isinstance(x, (A, B))` call, flattening tuples of types.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
2 rules; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, no_call, not_shadowed, same, spread

NAME = 'merge-isinstance'
TITLE = 'Merge isinstance() checks'
DESCRIPTION = 'Merge adjacent `isinstance(x, A) or isinstance(x, B)` checks on the same name/attribute into a single `isinstance(x, (A, B))` call, flattening tuples of types.'
PRECISE_ONLY = False

# rule_1: learned from 2 site(s); for example
#     isinstance(value, int) or isinstance(value, float)
# becomes
#     isinstance(value, (int, float))
RULE_1 = m.BooleanOperation(
    left=m.Call(
        func=m.Name(value='isinstance'),
        args=[
            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star=''),
            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_2"), keyword=None, star=''),
        ],
    ),
    operator=m.Or(),
    right=m.Call(
        func=m.Name(value='isinstance'),
        args=[
            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg__2"), keyword=None, star=''),
            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_3"), keyword=None, star=''),
        ],
    ),
)

# rule_2: learned from 1 site(s); for example
#     isinstance(node, ast.FunctionDef) or isinstance(node, ast.AsyncFunctionDef) or isinstance(node, ast.Lambda)
# becomes
#     isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
RULE_2 = m.BooleanOperation(
    left=m.BooleanOperation(
        left=m.Call(
            func=m.Name(value='isinstance'),
            args=[
                m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star=''),
                m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_2"), keyword=None, star=''),
            ],
        ),
        operator=m.Or(),
        right=m.Call(
            func=m.Name(value='isinstance'),
            args=[
                m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg__2"), keyword=None, star=''),
                m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_3"), keyword=None, star=''),
            ],
        ),
        lpar=[],
    ),
    operator=m.Or(),
    right=m.Call(
        func=m.Name(value='isinstance'),
        args=[
            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg__3"), keyword=None, star=''),
            m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_4"), keyword=None, star=''),
        ],
    ),
)


class Transform(RuleTransformer):
    """Merge isinstance() checks."""

    NAME = NAME

    def leave_BooleanOperation(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_2, self.rule_1)

    def rule_1(self, node):
        """Rewrite a BooleanOperation like `isinstance(value, int) or isinstance(value, float)`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            same(b["arg"], b["arg__2"]) and
            not_shadowed(self.context, {'isinstance'}) and
            no_call(b["arg"]) and
            no_call(b["arg_3"])
        ):
            return None
        return cst.Call(
            func=cst.Name(value='isinstance'),
            args=[cst.Arg(value=b["arg"]), cst.Arg(value=cst.Tuple(elements=spread(b["arg_2"], b["arg_3"])))],
        )

    def rule_2(self, node):
        """Rewrite a BooleanOperation like `isinstance(node, ast.FunctionDef) or isinstance(node, ast.AsyncFunctio`..."""
        b = self.bind(m.extract(node, RULE_2))
        if b is None or not (
            same(b["arg"], b["arg__2"]) and
            same(b["arg"], b["arg__3"]) and
            not_shadowed(self.context, {'isinstance'}) and
            no_call(b["arg"]) and
            no_call(b["arg_3"]) and
            no_call(b["arg_4"])
        ):
            return None
        return cst.Call(
            func=cst.Name(value='isinstance'),
            args=[
                cst.Arg(value=b["arg"]),
                cst.Arg(
                    value=cst.Tuple(
                        elements=[
                            cst.Element(value=b["arg_2"]),
                            cst.Element(value=b["arg_3"]),
                            cst.Element(value=b["arg_4"]),
                        ],
                    ),
                ),
            ],
        )
