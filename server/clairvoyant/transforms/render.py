"""Render rules as a readable libcst module: matchers for patterns, constructor calls for templates."""

from __future__ import annotations

import re
from dataclasses import dataclass

from clairvoyant.transforms.predicates import Guard, set_literal
from clairvoyant.transforms.rules import (
    BUILTINS,
    SENTINEL,
    PNode,
    PQName,
    Rule,
    TFresh,
    TFunc,
    THole,
    TNameMap,
    TNode,
    TOpMap,
    TOptional,
    TPolar,
    TSpread,
    TSubst,
    Var,
)
from clairvoyant.transforms.terms import code

WIDTH = 110
_PAREN_TYPES = {"Comparison", "BooleanOperation", "BinaryOperation", "UnaryOperation", "IfExp", "Lambda",
                "NamedExpr", "Await", "Yield"}
_RUNTIME_NAMES = (
    "RuleTransformer", "match_window", "kind", "same", "spread", "fstring", "as_bool", "negate", "negate_if",
    "unless_none", "augmented", "negated", "reversed_comparison", "fresh_name", "substitute", "no_call",
    "not_contains", "not_modified_in", "is_enclosing_class", "is_first_param_of_method", "not_read_after",
    "in_async_function", "context_in", "within", "union", "base_name", "qualifier", "not_shadowed",
    "imported_from", "zero_arg_super_ok", "not_in_class_body",
)


# --------------------------------------------------------------------------------------- layout
@dataclass
class _Call:
    head: str  # e.g. "m.Comparison(" or "["
    args: list  # str | _Call
    close: str = ")"


def _flat(x) -> str:
    if isinstance(x, str):
        return x
    return x.head + ", ".join(_flat(a) for a in x.args) + x.close


def _layout(x, indent: int) -> str:
    one = _flat(x)
    if isinstance(x, str) or indent + len(one) <= WIDTH or not x.args:
        return one
    pad = " " * (indent + 4)
    inner = ",\n".join(pad + _layout(a, indent + 4) for a in x.args)
    return f"{x.head}\n{inner},\n{' ' * indent}{x.close}"


def _kwarg(name: str, value):
    if isinstance(value, str):
        return f"{name}={value}"
    return _Call(f"{name}={value.head}", value.args, value.close)


# --------------------------------------------------------------------------------------- patterns
class _Patterns:
    def __init__(self) -> None:
        self.seen: dict[int, int] = {}
        self.guards: list[Guard] = []

    def render(self, p, root: bool = False):
        if isinstance(p, Var):
            n = self.seen.get(id(p), 0) + 1
            self.seen[id(p)] = n
            capture = p.name if n == 1 else f"{p.name}__{n}"
            if n > 1:
                self.guards.append(Guard("same", (p.name, capture)))
            return f'm.SaveMatchedNode(m.DoNotCare(), "{capture}")'
        if p.type == "IndentedBlock" and len(p.fields[0][1]) == 1 and isinstance(p.fields[0][1][0], PNode) \
                and p.fields[0][1][0].type == "SimpleStatementLine":
            line = p.fields[0][1][0]
            small = self.value(line.fields[0][1])
            block = _Call("m.IndentedBlock(", [_kwarg("body", _Call("[", [_Call("m.SimpleStatementLine(", [
                _kwarg("body", small)])], "]"))])
            suite = _Call("m.SimpleStatementSuite(", [_kwarg("body", small)])
            return _Call("m.OneOf(", [block, suite])
        args = [_kwarg(name, self.value(v)) for name, v in p.fields if v is not SENTINEL]
        if p.no_parens and not root and p.type in _PAREN_TYPES:
            args.append("lpar=[]")
        if p.capture and p.type == "IndentedBlock" and not args:  # any body, indented or on one line
            return _Call("m.SaveMatchedNode(", ["m.IndentedBlock() | m.SimpleStatementSuite()", f'"{p.capture}"'])
        if p.capture:
            return _Call("m.SaveMatchedNode(", [_Call(f"m.{p.type}(", args), f'"{p.capture}"'])
        return _Call(f"m.{p.type}(", args)

    def value(self, v):
        if isinstance(v, (PNode, Var)):
            return self.render(v)
        if isinstance(v, PQName):
            return _Call("m.OneOf(", [_name_matcher(q, repr(v.name)) for q in v.qualifiers])
        if isinstance(v, list):
            return _Call("[", [self.value(x) for x in v], "]")
        return repr(v)


def _name_matcher(qualifier: str, name: str) -> str:
    """A matcher for `name` written with `qualifier` (`typing.Optional`), or bare when the qualifier is ""."""
    out = f"m.Name({name})"
    if qualifier:
        *outer, last = qualifier.split(".")
        out = f"m.Attribute(value={_name_matcher('.'.join(outer), repr(last))}, attr={out})"
    return out


# --------------------------------------------------------------------------------------- templates
class _Templates:
    def __init__(self, prefix: str, captures: dict[int, str]) -> None:
        self.prefix = prefix
        self.captures = captures
        self.tables: list[tuple[str, str]] = []
        self.guards: list[str] = []

    def table(self, suffix: str, body: str) -> str:
        name = f"{self.prefix}_{suffix}"
        if any(n == name for n, _ in self.tables):
            name = f"{name}_{len(self.tables) + 1}"
        self.tables.append((name, body))
        return name

    def ref(self, var: Var) -> str:
        return "node" if var.root else f'b["{self.captures[id(var)]}"]'

    def render(self, t, root: str | None = None):
        if isinstance(t, THole):
            return self.ref(t.var)
        if isinstance(t, TFresh):
            return f"cst.Name(fresh_name(self.context, {self.ref(t.var)}))"
        if isinstance(t, TSubst):
            coll = self.ref(t.collection)
            return (f"substitute({self.ref(t.body)}, {coll}, {self.ref(t.index)}, "
                    f"fresh_name(self.context, {coll}))")
        if isinstance(t, TSpread):
            return "spread(" + ", ".join(f'b["{self.captures[id(v)]}"]' for v in t.vars) + ")"
        if isinstance(t, TFunc):
            return f"{t.function}({self.ref(t.var)})"
        if isinstance(t, TOptional):
            return _Call("*unless_none(", [self.ref(t.var), self.value(t.item)])
        if isinstance(t, TPolar):
            return _Call("negate_if(", [f"kind({self.ref(t.var)}) in {set_literal(t.negative)}", self.value(t.inner)])
        if isinstance(t, TOpMap):
            capture = self.captures[id(t.var)]
            if t.function is not None:
                return f'{t.function}(b["{capture}"])'
            body = "{" + ", ".join(f'"{k}": cst.{v}' for k, v in sorted(t.table.items())) + "}"
            name = self.table("OPERATOR", body)
            self.guards.append(f'kind(b["{capture}"]) in {name}')
            return f'{name}[kind(b["{capture}"])]()'
        if isinstance(t, TNameMap):
            capture = self.captures[id(t.var)]
            body = "{" + ", ".join(f"{k!r}: {v!r}" for k, v in sorted(t.table.items())) + "}"
            name = self.table("NAMES", body)
            key = f'b["{capture}"].value'
            if t.qualifiers is not None:  # `List` and `typing.List` alike
                key = f'base_name(b["{capture}"])'
                self.guards.append(f'qualifier(b["{capture}"]) in {set_literal(t.qualifiers)}')
            self.guards.append(f"{key} in {name}")
            if all(v in BUILTINS for v in t.table.values()):  # the new name must mean the builtin here
                self.guards.append(f"not_shadowed(self.context, {{{name}[{key}]}})")
            return f"cst.Name({name}[{key}])"
        assert isinstance(t, TNode)
        args = []
        for name, v in t.fields:
            if v is SENTINEL or (root is None and (v is None or v == "")):
                continue
            args.append(_kwarg(name, self.value(v)))
        if root is not None:
            return _Call(f"{root}.with_changes(", args)
        if t.bare:
            args += ["lpar=[]", "rpar=[]"]
        return _Call(f"cst.{t.type}(", args)

    def value(self, v):
        if isinstance(v, list):
            return _Call("[", [self.value(x) for x in v], "]")
        if isinstance(v, (TNode, THole, TFunc, TOpMap, TNameMap, TSpread, TFresh, TSubst, TPolar, TOptional)):
            return self.render(v)
        return repr(v)


# --------------------------------------------------------------------------------------- module
def _example_comment(rule: Rule) -> list[str]:
    site = rule.sites[0]

    def snippet(terms) -> list[str]:
        text = "\n".join(code(t.node) if t.node is not None else "" for t in terms)
        lines = text.splitlines()[:8]
        return lines

    out = [f"# {rule.name}: learned from {len(rule.sites)} site(s); for example"]
    out += [f"#     {line}" for line in snippet(site.before)]
    out += ["# becomes"]
    out += [f"#     {line}" for line in snippet(site.after)]
    return out


def render_module(name: str, title: str, description: str, rules: list[Rule], precise_only: bool,
                  provenance: str, cleanup_imports: bool = False) -> str:
    """Python source of the transform module for `rules` (already named rule_1, rule_2, ...)."""
    constants: list[str] = []
    methods: list[str] = []
    node_rules: dict[str, list[Rule]] = {}
    block_rules: list[Rule] = []
    for rule in rules:
        prefix = rule.name.upper()
        patterns = _Patterns()
        rendered = [patterns.render(p, root=True) for p in rule.patterns]
        captures = {id(v): v.name for v in rule.variables}
        templates = _Templates(prefix, captures)
        if rule.window:
            outs = []
            for j, t in enumerate(rule.templates):
                root = f"stmts[{j}]" if j < len(rule.patterns) and isinstance(t, TNode) and isinstance(
                    rule.patterns[j], PNode) and t.type == rule.patterns[j].type else None
                outs.append(templates.render(t, root))
            result = _Call("[", outs, "]")
            matcher = _Call("[", rendered, "]")
            block_rules.append(rule)
        else:
            t = rule.templates[0]
            root = "node" if isinstance(t, TNode) and t.type == rule.root_type else None
            result = templates.render(t, root)
            matcher = rendered[0]
            node_rules.setdefault(rule.root_type, []).append(rule)
        constants += [""] + _example_comment(rule)
        constants.append(f"{prefix} = " + _layout(matcher, 0))
        for table_name, body in templates.tables:
            constants.append(f"{table_name} = {body}")
        used = rule.template_vars()
        domains = [Guard("kind_in", (v.name, frozenset(b.type for b in v.bindings))).code()
                   for v in rule.variables if v.operator and v.name not in used]
        guards = [g.code() for g in patterns.guards] + domains + templates.guards + [
            g.code() for g in rule.guards + [g for g in rule.safety if g not in rule.guards]]
        extract = f"match_window(stmts, {prefix})" if rule.window else f"m.extract(node, {prefix})"
        arg = "stmts" if rule.window else "node"
        lines = [f"    def {rule.name}(self, {arg}):",
                 f'        """{_doc(rule)}"""',
                 f"        b = self.bind({extract})"]
        if guards:
            cond = " and ".join(f"({g})" if " or " in g else g for g in guards)
            lines += _wrap_condition(cond)
        else:
            lines += ["        if b is None:"]
        lines += ["            return None"]
        if any(isinstance(t, (TFunc, TOpMap, TFresh, TSubst, TPolar)) for t in _walk_templates(rule.templates)):
            lines += ["        try:", f"            return {_layout(result, 12)}",
                      "        except (KeyError, AttributeError, TypeError, ValueError):",
                      "            return None  # a rewrite primitive does not apply to this match"]
        else:
            lines += [f"        return {_layout(result, 8)}"]
        methods.append("\n".join(lines))

    leaves = []
    for type_name, rs in sorted(node_rules.items()):
        rs = sorted(rs, key=lambda r: (-r.specificity(), len(r.variables)))
        calls = ", ".join(f"self.{r.name}" for r in rs)
        leaves.append(f"    def leave_{type_name}(self, original_node, updated_node):\n"
                      f"        return self.rewrite(original_node, updated_node, {calls})")
    block_rules = sorted(block_rules, key=lambda r: (-len(r.patterns), -r.specificity(), len(r.variables)))
    header_lines = ["    NAME = NAME"]
    if cleanup_imports:
        header_lines.append("    CLEANUP_IMPORTS = True  # the examples drop imports their rewrites leave unused")
    if block_rules:
        entries = ", ".join(f'({len(r.patterns)}, "{r.name}")' for r in block_rules)
        header_lines.append(f"    BLOCK_RULES = ({entries},)")

    body = "\n".join(constants) + "\n\n\nclass Transform(RuleTransformer):\n"
    body += f'    """{_one_line(title)}."""\n\n' + "\n".join(header_lines) + "\n"
    for part in leaves + methods:
        body += "\n" + part + "\n"
    used = sorted((n for n in _RUNTIME_NAMES if re.search(rf"\b{n}\b", body)), key=lambda n: (n[0].islower(), n))
    imports = f"from clairvoyant.transforms.runtime import {', '.join(used)}\n"
    if len(imports) > WIDTH:
        imports = "from clairvoyant.transforms.runtime import (\n" + "".join(f"    {n},\n" for n in used) + ")\n"
    head = (f'"""{_one_line(title)}: {description}\n\n{provenance}\n'
            f'Regenerate with `python scripts/regenerate_transforms.py`; do not edit by hand.\n"""\n\n'
            "from __future__ import annotations\n\n"
            "import libcst as cst\nimport libcst.matchers as m\n\n"
            f"{imports}\n"
            f"NAME = {name!r}\nTITLE = {title!r}\nDESCRIPTION = {description!r}\n"
            f"PRECISE_ONLY = {precise_only!r}\n")
    if "cst." not in body:
        head = head.replace("import libcst as cst\n", "")
    return head + body


def _walk_templates(ts):
    for t in ts:
        yield t
        if isinstance(t, TPolar):
            yield from _walk_templates([t.inner])
        if isinstance(t, TOptional):
            yield from _walk_templates([t.item])
        if isinstance(t, TNode):
            for _, v in t.fields:
                yield from _walk_templates(v if isinstance(v, list) else [v])


def _wrap_condition(cond: str) -> list[str]:
    line = f"        if b is None or not ({cond}):"
    if len(line) <= WIDTH:
        return [line]
    parts = cond.split(" and ")
    out = ["        if b is None or not ("]
    for i, p in enumerate(parts):
        out.append("            " + p + ("" if i == len(parts) - 1 else " and"))
    out.append("        ):")
    return out


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _doc(rule: Rule) -> str:
    site = rule.sites[0]
    before = "; ".join(" ".join(code(t.node).split()) for t in site.before if t.node is not None)
    kind = "statements" if rule.window else f"a {site.before[0].type}"
    text = f"Rewrite {kind} like `{before[:70]}`" + ("..." if len(before) > 70 else "")
    return text.replace('"""', "'''").replace("\\", "\\\\")
