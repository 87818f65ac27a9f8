"""Use super() without arguments: Replace `super(Cls, self)` / `super(Cls, cls)` with zero-argument `super()` inside methods of class `Cls` whose first parameter is the second argument.

Synthesized by `clairvoyant synthesize` (embedded generator) from 3 examples and 12 feedback cases;
1 rule; 15 of 15 cases pass.
Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from clairvoyant.transforms.runtime import (
    RuleTransformer,
    is_enclosing_class,
    is_first_param_of_method,
    no_call,
    not_shadowed,
    zero_arg_super_ok,
)

NAME = 'super-without-arguments'
TITLE = 'Use super() without arguments'
DESCRIPTION = 'Replace `super(Cls, self)` / `super(Cls, cls)` with zero-argument `super()` inside methods of class `Cls` whose first parameter is the second argument.'
PRECISE_ONLY = False

# rule_1: learned from 5 site(s); for example
#     super(Dog, self)
# becomes
#     super()
RULE_1 = m.Call(
    func=m.Name(value='super'),
    args=[
        m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg"), keyword=None, star=''),
        m.Arg(value=m.SaveMatchedNode(m.DoNotCare(), "arg_2"), keyword=None, star=''),
    ],
)


class Transform(RuleTransformer):
    """Use super() without arguments."""

    NAME = NAME

    def leave_Call(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        """Rewrite a Call like `super(Dog, self)`"""
        b = self.bind(m.extract(node, RULE_1))
        if b is None or not (
            is_enclosing_class(self.context, b["arg"]) and
            is_first_param_of_method(self.context, b["arg_2"]) and
            not_shadowed(self.context, {'super'}) and
            no_call(b["arg"]) and
            no_call(b["arg_2"]) and
            zero_arg_super_ok(self.context)
        ):
            return None
        return node.with_changes(func=cst.Name(value='super'), args=[])
