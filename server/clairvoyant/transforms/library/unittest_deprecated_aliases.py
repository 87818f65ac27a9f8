"""Use the current unittest assertion name: Rename deprecated unittest assertion aliases called on `self` (assertEquals, assertNotEquals, assert_, failUnless, failIf, assertRegexpMatches, assertRaisesRegexp, assertAlmostEquals, assertNotAlmostEquals, assertItemsEqual) to their current names.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import RuleTransformer, context_in

NAME = 'unittest-deprecated-aliases'
TITLE = 'Use the current unittest assertion name'
DESCRIPTION = 'Rename deprecated unittest assertion aliases called on `self` (assertEquals, assertNotEquals, assert_, failUnless, failIf, assertRegexpMatches, assertRaisesRegexp, assertAlmostEquals, assertNotAlmostEquals, assertItemsEqual) to their current names.'
PRECISE_ONLY = False

# rule_1: learned from 10 site(s); for example
#     self.assertEquals
# becomes
#     self.assertEqual
RULE_1 = m.Attribute(value=m.Name(value='self'), attr=m.SaveMatchedNode(m.DoNotCare(), "attr"))
RULE_1_NAMES = {'assertAlmostEquals': 'assertAlmostEqual', 'assertEquals': 'assertEqual', 'assertItemsEqual': 'assertCountEqual', 'assertNotAlmostEquals': 'assertNotAlmostEqual', 'assertNotEquals': 'assertNotEqual', 'assertRaisesRegexp': 'assertRaisesRegex', 'assertRegexpMatches': 'assertRegex', 'assert_': 'assertTrue', 'failIf': 'assertFalse', 'failUnless': 'assertTrue'}


class Transform(RuleTransformer):
    """Use the current unittest assertion name."""

    NAME = NAME

    def leave_Attribute(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Attribute like `self.assertEquals`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            b["attr"].value in RULE_1_NAMES and
            context_in(self.context, 1, {(('Call', 'func'),)})
        ):
            return None
        return node.with_changes(value=cst.Name(value='self'), attr=cst.Name(RULE_1_NAMES[b["attr"].value]))
