"""Evidence from execution: variants of the examples, rewritten by a candidate module and run side by side.

`explore` takes a candidate module (its operator guards widened to every operator of the same family) and the
example cases, and builds variants of what each rule matched:

* shape variants: a capture replaced by an expression of a kind the rule was not seen with, drawn from the
  examples with its variables renamed apart (`type(value) == str` -> `type(value) == type(_v1)`,
  `... == "ab"`, `... == _v1 * 2`);
* operator variants: an operator the rule rewrites replaced by another of its family (`+` -> `/`).

Every rewrite of a variant and every rewrite of an example is a `differential.Probe`; all run in one sandbox
process.  A variant on which some rewrite changes behaviour becomes a *near-miss negative* (its expected code
keeps that rewrite undone); one on which every rewrite behaves the same on some input is a positive; a variant
without informative inputs is no evidence.  Operators whose variants all agree widen the rule's operator guard.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import libcst as cst

from clairvoyant.transforms.differential import Probe, probe_of, run_probes
from clairvoyant.transforms.predicates import Guard
from clairvoyant.transforms.rules import BUILTINS, Rule
from clairvoyant.transforms.terms import code, kind

FAMILIES = (
    frozenset({"Add", "Subtract", "Multiply", "Divide", "FloorDivide", "Modulo", "Power", "LeftShift",
               "RightShift", "BitOr", "BitAnd", "BitXor", "MatrixMultiply"}),
    frozenset({"Equal", "NotEqual", "LessThan", "LessThanEqual", "GreaterThan", "GreaterThanEqual", "Is",
               "IsNot", "In", "NotIn"}),
    frozenset({"And", "Or"}),
)
SHAPE_KINDS = frozenset({"Name", "Attribute", "Call", "Subscript", "SimpleString", "Integer", "Float", "List",
                         "Tuple", "Dict", "Set", "BinaryOperation", "Comparison", "UnaryOperation",
                         "BooleanOperation", "FormattedString"})
MAX_VARIANTS = 80
FIRES_PER_RULE = 2


def operator_family(kinds) -> frozenset:
    """Every operator of the family of `kinds` (binary, comparison or boolean), or just `kinds`."""
    return next((f for f in FAMILIES if set(kinds) <= f), frozenset(kinds))


def operator_vars(rule: Rule) -> dict[str, frozenset]:
    """The operator variables whose guard is "only the operators seen" (safety), with those operators."""
    operators = {v.name for v in rule.variables if v.operator}
    return {g.args[0]: g.args[1] for g in rule.safety if g.name == "kind_in" and g.args[0] in operators}


def widened(rule: Rule, extra: dict) -> list[Guard]:
    """`rule.safety` with the operator guards widened by `extra` (variable -> more operators)."""
    return [Guard("kind_in", (g.args[0], frozenset(g.args[1]) | frozenset(extra[g.args[0]])))
            if g.name == "kind_in" and g.args[0] in extra else g for g in rule.safety]


@dataclass
class Exploration:
    cases: list[dict] = field(default_factory=list)  # generated {"id", "before", "after", "negative"}
    operators: dict = field(default_factory=dict)  # rule -> {operator variable -> operators shown to behave}
    probes: int = 0

    @property
    def negatives(self) -> int:
        return sum(c["negative"] for c in self.cases)


@dataclass
class _Variant:
    module: cst.Module
    rule: str
    operator: tuple[str, str] | None = None  # (variable, operator kind) for operator variants
    fires: list = field(default_factory=list)
    probes: list = field(default_factory=list)  # index into the probe list per fire


def explore(source: str, examples: list[cst.Module], operators: dict) -> Exploration:
    """Differential evidence for the rules of the candidate module `source`; `operators` maps a rule name to
    {operator variable: kinds seen} for the operators it maps through a rewrite primitive."""
    namespace: dict = {}
    exec(compile(source, "<candidate transform>", "exec"), namespace)  # noqa: S102 - our own generated code
    transform = namespace["Transform"]
    probes: list[Probe] = []
    fires_by_rule: dict[str, list] = {}
    for module in examples:
        for fire in _fires(transform, module) or ():
            probe = _probe(fire, module, "example")
            if probe is not None:
                probes.append(probe)
                fires_by_rule.setdefault(fire.rule, []).append((module, fire))
    shapes = _shapes(examples)
    variants = []
    for rule, fires in fires_by_rule.items():
        variants += _shape_variants(rule, fires, shapes) + _operator_variants(rule, fires, operators.get(rule, {}))
    out = Exploration()
    kept = []
    for variant in variants[:MAX_VARIANTS]:
        variant.fires = _fires(transform, variant.module) or []
        for fire in variant.fires:
            probe = _probe(fire, variant.module, "variant")
            variant.probes.append(len(probes) if probe else None)
            if probe:
                probes.append(probe)
        if variant.fires and None not in variant.probes:
            kept.append(variant)
    outcomes = run_probes(probes)
    out.probes = len(probes)
    for i, variant in enumerate(kept):
        results = [outcomes[j] for j in variant.probes]
        if any(r is None for r in results):
            continue
        wrong = [f for f, r in zip(variant.fires, results) if r.differ]
        if variant.operator is not None:
            if not wrong and all(r.agrees for r in results):
                var, op = variant.operator
                out.operators.setdefault(variant.rule, {}).setdefault(var, set()).add(op)
            continue
        if not wrong and not all(r.agrees for r in results):
            continue  # no informative input: no evidence either way
        excluded = {id(f.node) for f in wrong}
        after = variant.module.visit(transform(allowed=lambda node, last, ex=excluded: id(node) not in ex)).code
        out.cases.append({"id": f"variant/{variant.rule}/{i + 1}", "before": variant.module.code, "after": after,
                          "negative": bool(wrong)})
    return out


def _fires(transform, module: cst.Module) -> list | None:
    t = transform(record=True)
    try:
        module.visit(t)
    except Exception:  # noqa: BLE001 - a rule that crashes on a variant gives no evidence
        return None
    return t.fires


def _probe(fire, module: cst.Module, role: str) -> Probe | None:
    """The statements around a rewrite (or the `if` test it lies in), before and after it."""
    nodes, replacement, wrap = [fire.node], list(fire.replacement), None
    if fire.last is not None and fire.context.block is not None:
        body = list(fire.context.block.body)
        if fire.node not in body:
            return None
        nodes = body[body.index(fire.node):fire.context.index]
    elif not isinstance(fire.node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
        unit, wrap = _unit(fire.context.ancestors)
        if unit is None or len(replacement) != 1:
            return None
        try:
            after = unit.deep_replace(fire.node, replacement[0]) if unit is not fire.node else replacement[0]
        except Exception:  # noqa: BLE001 - a replacement that does not fit its statement runs nowhere
            return None
        nodes, replacement = [unit], [after]
    return probe_of(nodes, replacement, module, fire.rule, role, wrap)


def _unit(ancestors: tuple) -> tuple[cst.CSTNode | None, str | None]:
    """What a rewrite inside `ancestors[-1]` runs as: the smallest enclosing simple statement, or the test of an
    `if` / `while` (wrapped in `bool`) or the iterable of a `for` (wrapped in `list`) it lies in."""
    for i in range(len(ancestors) - 2, -1, -1):
        node, child = ancestors[i], ancestors[i + 1]
        if isinstance(node, (cst.If, cst.While)) and child is node.test:
            return child, "bool"
        if isinstance(node, cst.For) and child is node.iter:
            return child, "list"
        if isinstance(node, (cst.SimpleStatementLine, cst.BaseCompoundStatement)):
            return node, None
    return None, None


def _shapes(examples: list[cst.Module]) -> dict[str, cst.BaseExpression]:
    """The smallest one-line expression of each kind in the examples."""
    found: dict[str, tuple[int, cst.BaseExpression]] = {}

    class Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            if kind(node) in SHAPE_KINDS and not getattr(node, "lpar", None):
                text = code(node).strip()
                if "\n" not in text and len(text) <= 24 and (kind(node) not in found
                                                              or len(text) < found[kind(node)][0]):
                    found[kind(node)] = (len(text), node)
            return True

    for module in examples:
        module.visit(Collect())
    return {k: _fresh_names(n) for k, (_, n) in sorted(found.items())}


def _fresh_names(node: cst.BaseExpression) -> cst.BaseExpression:
    """`node` with its variables renamed apart (`type(v)` -> `type(_v1)`): a shape brings inputs of its own."""
    names: dict[str, str] = {}

    class Rename(cst.CSTTransformer):
        def leave_Attribute(self, original, updated):
            return updated.with_changes(attr=original.attr)

        def leave_Arg(self, original, updated):
            return updated.with_changes(keyword=original.keyword)

        def leave_Name(self, original, updated):
            if original.value in BUILTINS:
                return updated
            return updated.with_changes(value=names.setdefault(original.value, f"_v{len(names) + 1}"))

    return node.visit(Rename())


def _shape_variants(rule: str, fires: list, shapes: dict) -> list[_Variant]:
    captures = [x for x, v in fires[0][1].bindings.items()
                if x != "node" and isinstance(v, cst.BaseExpression)]
    out = []
    for x in captures:
        seen = {kind(f.bindings.get(x)) for _, f in fires}
        for module, fire in fires[:FIRES_PER_RULE]:
            target = fire.bindings.get(x)
            if not isinstance(target, cst.BaseExpression):
                continue
            for shape_kind, shape in shapes.items():
                if shape_kind not in seen:
                    variant = _replaced(module, fire, target, shape)
                    if variant is not None:
                        out.append(_Variant(variant, rule))
    return out


def _operator_variants(rule: str, fires: list, operators: dict) -> list[_Variant]:
    out = []
    for var, seen in operators.items():
        module, fire = fires[0]
        target = fire.bindings.get(var)
        if not isinstance(target, cst.CSTNode):
            continue
        for op in sorted(operator_family(seen) - set(seen)):
            try:
                new = getattr(cst, op)(**{k: getattr(target, k) for k in ("whitespace_before", "whitespace_after")
                                          if hasattr(target, k)})
            except (AttributeError, TypeError, cst.CSTValidationError):
                continue
            variant = _replaced(module, fire, target, new)
            if variant is not None:
                out.append(_Variant(variant, rule, (var, op)))
    return out


def _replaced(module: cst.Module, fire, target: cst.CSTNode, new: cst.CSTNode) -> cst.Module | None:
    """`module` with every copy of `target` inside what `fire` matched replaced by `new`; None if invalid."""

    class Replace(cst.CSTTransformer):
        def on_leave(self, original, updated):
            return new if original.deep_equals(target) else updated

    try:
        variant = module.deep_replace(fire.node, fire.node.visit(Replace()))
        if fire.last is not None:
            variant = variant.deep_replace(fire.last, fire.last.visit(Replace()))
        text = variant.code
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<variant>", "exec")
        return cst.parse_module(text)
    except Exception:  # noqa: BLE001 - a replacement that does not make valid code is no variant
        return None
