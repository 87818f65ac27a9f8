"""Return the condition directly: Replace `if cond: return True` + `else: return False` (or a directly following `return False`) with `return cond` (`return bool(cond)` for non-boolean conditions); the inverted form returns the negated condition.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
3 rules; 14 of 15 cases pass; the rest are left unchanged.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, as_bool, match_window, negate, not_shadowed

NAME = 'return-bool-simplification'
TITLE = 'Return the condition directly'
DESCRIPTION = 'Replace `if cond: return True` + `else: return False` (or a directly following `return False`) with `return cond` (`return bool(cond)` for non-boolean conditions); the inverted form returns the negated condition.'
PRECISE_ONLY = True

# rule_1: learned from 1 site(s); for example
#     if age >= 18:
#         return True
#     else:
#         return False
# becomes
#     return age >= 18
RULE_1 = [
    m.If(
        test=m.SaveMatchedNode(m.DoNotCare(), "test"),
        body=m.OneOf(
            m.IndentedBlock(body=[m.SimpleStatementLine(body=[m.Return(value=m.Name(value='True'))])]),
            m.SimpleStatementSuite(body=[m.Return(value=m.Name(value='True'))]),
        ),
        orelse=m.Else(
            body=m.OneOf(
                m.IndentedBlock(body=[m.SimpleStatementLine(body=[m.Return(value=m.Name(value='False'))])]),
                m.SimpleStatementSuite(body=[m.Return(value=m.Name(value='False'))]),
            ),
        ),
    ),
]

# rule_2: learned from 1 site(s); for example
#     if cart.items:
#         return True
#     return False
# becomes
#     return bool(cart.items)
RULE_2 = [
    m.If(
        test=m.SaveMatchedNode(m.DoNotCare(), "test"),
        body=m.OneOf(
            m.IndentedBlock(body=[m.SimpleStatementLine(body=[m.Return(value=m.Name(value='True'))])]),
            m.SimpleStatementSuite(body=[m.Return(value=m.Name(value='True'))]),
        ),
        orelse=None,
    ),
    m.SimpleStatementLine(body=[m.Return(value=m.Name(value='False'))]),
]

# rule_3: learned from 1 site(s); for example
#     if self.closed:
#         return False
#     return True
# becomes
#     return not self.closed
RULE_3 = [
    m.If(
        test=m.SaveMatchedNode(m.DoNotCare(), "test"),
        body=m.OneOf(
            m.IndentedBlock(body=[m.SimpleStatementLine(body=[m.Return(value=m.Name(value='False'))])]),
            m.SimpleStatementSuite(body=[m.Return(value=m.Name(value='False'))]),
        ),
        orelse=None,
    ),
    m.SimpleStatementLine(body=[m.Return(value=m.Name(value='True'))]),
]


class Transform(RuleTransformer):
    """Return the condition directly."""

    NAME = NAME
    BLOCK_RULES = ((2, "rule_2"), (2, "rule_3"), (1, "rule_1"),)

    def rule_1(self, stmts):
        """Rewrite statements like `if age >= 18: return True else: return False`"""
        b = self.bind(match_window(stmts, RULE_1))
        if b is None or not (
            not_shadowed(self.context, {'all', 'any', 'bool', 'callable', 'hasattr', 'isinstance', 'issubclass'})
        ):
            return None
        try:
            return [cst.SimpleStatementLine(body=[cst.Return(value=as_bool(b["test"]))])]
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match

    def rule_2(self, stmts):
        """Rewrite statements like `if cart.items: return True; return False`"""
        b = self.bind(match_window(stmts, RULE_2))
        if b is None or not (
            not_shadowed(self.context, {'all', 'any', 'bool', 'callable', 'hasattr', 'isinstance', 'issubclass'})
        ):
            return None
        try:
            return [cst.SimpleStatementLine(body=[cst.Return(value=as_bool(b["test"]))])]
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match

    def rule_3(self, stmts):
        """Rewrite statements like `if self.closed: return False; return True`"""
        b = self.bind(match_window(stmts, RULE_3))
        if b is None or not (
            not_shadowed(self.context, {'all', 'any', 'bool', 'callable', 'hasattr', 'isinstance', 'issubclass'})
        ):
            return None
        try:
            return [cst.SimpleStatementLine(body=[cst.Return(value=negate(b["test"]))])]
        except (KeyError, AttributeError, TypeError, ValueError):
            return None  # a rewrite primitive does not apply to this match
