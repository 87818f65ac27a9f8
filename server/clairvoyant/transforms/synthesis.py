"""The synthesis loop: examples -> sites -> clustered rules -> module -> validation -> feedback -> repeat.

1. Change sites are extracted from the before/after trees of the given examples (usually 3).
2. Sites are clustered greedily: a site joins the first cluster it anti-unifies with, else it starts a new one.
3. Every cluster becomes a rule; the rules are rendered as a libcst module, which is executed on the examples and
   on the feedback set.  Each rewrite is recorded with its captures and context.
4. Feedback: a positive case that is not transformed correctly contributes its sites to the existing clusters
   (generalizing them; feedback never seeds a rule of its own), and a wrong rewrite (a near-miss negative that
   was changed, or a wrong edit) is excluded by the simplest guard that holds on every correct rewrite of that
   rule.  A rule whose wrong rewrites no guard can exclude is dropped (after first undoing feedback merges).
5. Repeat until everything passes, nothing changes, or the budget is spent.
"""

from __future__ import annotations

import ast
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

import libcst as cst

from clairvoyant.transforms.errors import TransformError
from clairvoyant.transforms.evidence import (
    corpus_fires,
    narrowing,
    parse_corpus,
    statements,
    summary,
    suspect,
    typical_kept,
)
from clairvoyant.transforms.imports import align_imports, from_imports
from clairvoyant.transforms.merging import Merger
from clairvoyant.transforms.naming import default_title, normalize_name
from clairvoyant.transforms.nesting import decompose
from clairvoyant.transforms.predicates import ALWAYS, Guard, candidate_guards
from clairvoyant.transforms.render import render_module
from clairvoyant.transforms.result import SynthesisResult
from clairvoyant.transforms.rules import Mismatch, Rule, build_rule
from clairvoyant.transforms.sites import Site, find_sites
from clairvoyant.transforms.terms import code, to_term
from clairvoyant.transforms.variants import explore, operator_family, operator_vars, widened
from clairvoyant.transforms.verdicts import good_fire

MAX_ITERATIONS = 40


@dataclass(eq=False)
class _Cluster:
    sites: list[Site]
    feedback: list[Site] = field(default_factory=list)
    guards: list[Guard] = field(default_factory=list)
    rejected: set = field(default_factory=set)  # ids of feedback sites that must not join again
    operators: dict = field(default_factory=dict)  # operator variable -> operators shown to behave (variants)

    def all_sites(self) -> list[Site]:
        return self.sites + self.feedback


@dataclass
class _Case:
    id: str
    role: str  # "example" | "feedback"
    before: str
    after: str
    module: cst.Module | None = None
    after_keys: set = field(default_factory=set)
    before_counts: Counter = field(default_factory=Counter)
    after_counts: Counter = field(default_factory=Counter)
    sites: list[Site] = field(default_factory=list)
    imports_changed: bool = False
    regions: dict | None = None

    @property
    def expected_change(self) -> bool:
        return _normal(self.before) != _normal(self.after)


def _normal(source: str) -> str | None:
    try:
        return ast.dump(ast.parse(source))
    except SyntaxError:
        return None


def _prepare(rows: list[dict], role: str, offset: int) -> list[_Case]:
    cases = []
    for i, row in enumerate(rows):
        case = _Case(str(row.get("id", f"{role}/{i + 1}")), role, row["before"], row.get("after", row["before"]))
        try:
            case.module = cst.parse_module(case.before)
            after_module = cst.parse_module(case.after)
            after = to_term(after_module)
        except cst.ParserSyntaxError as exc:
            raise TransformError(f"example {case.id} is not valid Python: {exc.message}") from None
        case.after_keys = {t.key for t in after.walk()}
        case.after_counts = Counter(t.key for t in after.walk())
        case.before_counts = Counter(t.key for t in to_term(case.module).walk())
        if case.expected_change:
            aligned, case.imports_changed = align_imports(case.module, after_module)
            case.sites = find_sites(to_term(aligned), after, offset + i)
            imports = from_imports(case.module)
            for site in case.sites:
                site.imports = imports
        cases.append(case)
    return cases


def _run(source: str, cases: list[_Case]):
    """Execute a rendered module on every case: per case (output, error, fires)."""
    namespace: dict = {}
    exec(compile(source, "<synthesized transform>", "exec"), namespace)  # noqa: S102 - our own generated code
    transform = namespace["Transform"]
    results = []
    for case in cases:
        t = transform(record=True)
        try:
            out = case.module.visit(t).code
            error = None
        except Exception as exc:  # noqa: BLE001 - a generated rule crashed: a failure to feed back
            out, error = case.before, f"{type(exc).__name__}: {exc}"
        results.append((out, error, t.fires))
    return results


def _name_rules(rules: list[Rule]) -> None:
    for i, rule in enumerate(rules):
        rule.name = f"rule_{i + 1}"


def synthesize(examples: list[dict], name: str, feedback: list[dict] | None = None, budget_s: float = 60,
               generator: str = "embedded", title: str | None = None,
               description: str | None = None, llm=None, corpus: list[str] | None = None,
               differential: bool = True) -> SynthesisResult:
    """Synthesize a transform module named `name` from before/after `examples`, validated on `feedback`.

    `generator` is "embedded" (example-driven, no LLM) or "llm" (an OpenAI-compatible endpoint: `llm` is a
    `clairvoyant.transforms.llm.LlmEndpoint`, or it comes from the CLAIRVOYANT_LLM_* environment variables).
    `name` is stored in kebab-case (`normalize_name`); the title defaults to the examples' first change.
    With `differential`, variants of the examples are run side by side in the sandbox (`variants.explore`):
    near-miss negatives found that way guard the rules, and operators shown to behave widen them.  `corpus`
    (the workspace's sources) is unlabelled evidence: a rule that matches a large share of it, mostly unlike
    its examples, is narrowed (`evidence.py`).
    """
    name = normalize_name(name)
    if generator == "llm":
        from clairvoyant.transforms.llm import (  # llm.py never imports this module
            LlmEndpoint,
            synthesize_with_llm,
        )

        endpoint = llm or LlmEndpoint.from_env()
        if endpoint is None:
            raise TransformError("the llm generator needs an endpoint: set clairvoyant.llm.url (or CLAIRVOYANT_LLM_URL)")
        return synthesize_with_llm(examples, name, feedback, endpoint, budget_s=budget_s, title=title)
    if generator != "embedded":
        raise TransformError(f"unknown generator {generator!r} (available: embedded, llm)")
    start = time.monotonic()
    description = description or f"Rewrites learned from {len(examples)} examples."
    train = _prepare([r for r in examples], "example", 0)
    extra = _prepare(list(feedback or []), "feedback", len(train))
    title = title or default_title(train, name)
    cases = train + extra

    cleanup = any(case.imports_changed for case in train)  # the examples tidy imports: so does the module
    clusters: list[_Cluster] = []
    for case in train:
        for site in case.sites:
            _add(clusters, site, seed=True)

    used_feedback: set[str] = set()
    iterations = 0
    source, results, rules = "", [], []
    explored = not differential
    corpus_modules = parse_corpus(corpus or [])
    total = statements(corpus_modules)
    in_corpus: dict = {}
    goods: dict = {}
    evidence: dict = {"variants": 0, "negatives": 0, "probes": 0}
    merger = Merger()

    def realize():
        rules, owners = [], []
        for cluster in clusters:
            try:
                rule = build_rule(cluster.all_sites())
            except Mismatch:
                continue
            rule.guards = list(cluster.guards)
            rule.safety = widened(rule, cluster.operators)
            rules.append(rule)
            owners.append(cluster)
        _name_rules(rules)
        source = render_module(name, title, description, rules, False, "", cleanup)
        return rules, owners, source, _run(source, cases)

    while True:
        iterations += 1
        rules, owners, source, results = realize()
        if iterations >= MAX_ITERATIONS or time.monotonic() - start > budget_s:
            break
        verdicts = [_verdict(c, r) for c, r in zip(cases, results)]
        # (a) generalize: failing positive cases lend their sites to existing clusters
        grown = False
        for case, ok in zip(cases, verdicts):
            if case.role == "feedback" and case.expected_change and not ok and case.id not in used_feedback:
                used_feedback.add(case.id)
                for site in case.sites:
                    grown |= _add(clusters, site, seed=False)
        if grown:
            continue
        # (b) specialize: guard (or drop) rules that made wrong rewrites
        changed = False
        by_rule = {rule.name: (rule, cluster, [], []) for rule, cluster in zip(rules, owners)}
        generated: set[int] = set()  # wrong rewrites on generated variants: outranked by labelled cases
        for case, ok, (_, _, fires) in zip(cases, verdicts, results):
            for fire in fires:
                entry = by_rule.get(fire.rule)
                if entry is not None:
                    (entry[2] if good_fire(case, ok, fire) else entry[3]).append(fire)
                    if case.role == "variant":
                        generated.add(id(fire))
        outputs: dict[str, set] = {}
        for rule in rules:
            if not rule.window:
                outputs.setdefault(rule.root_type, set()).update(s.after[0].type for s in rule.sites)
        in_corpus = corpus_fires(source, corpus_modules) if corpus_modules else {}
        goods = {rule.name: good for rule, _, good, _ in by_rule.values()}
        for rule, cluster, good, bad in by_rule.values():
            changed |= _specialize(rule, cluster, clusters, good, bad, outputs, in_corpus.get(rule.name, []),
                                   generated)
        if not changed:
            changed = _narrow_suspects(by_rule.values(), in_corpus, total, outputs)
        if not changed and not explored and rules:
            explored = changed = True
            found = _explore(name, title, description, rules, owners, cleanup, train)
            cases += _prepare(found.cases, "variant", len(cases))
            evidence = {"variants": len(found.cases), "negatives": found.negatives, "probes": found.probes}
        if not changed:  # (c) merge near-identical rules, one pair at a time, kept when nothing is lost
            restored, score = merger.settle(clusters, _score(cases, verdicts, results))
            changed = merger.propose(clusters, score) or restored
        if not changed:
            break
    if merger.abandon(clusters):
        rules, owners, source, results = realize()
    evidence["merged"] = merger.merged

    if corpus_modules:
        evidence["corpus"] = summary(corpus_fires(source, corpus_modules), goods, total)
    verdicts = [_verdict(c, r) for c, r in zip(cases, results)]
    report = []
    wrong = False
    for case, ok, (out, error, _) in zip(cases, verdicts, results):
        if case.role == "variant":
            continue
        changed = _normal(out) != _normal(case.before)
        wrong |= changed and not ok
        report.append({"id": case.id, "role": case.role, "expected_change": case.expected_change,
                       "changed": changed, "ok": ok, "error": error})
    passed = sum(r["ok"] for r in report)
    all_ok = passed == len(report)
    status = "ok" if all_ok else ("precise-only" if not wrong and rules else "failed")
    provenance = (f"Synthesized by `clairvoyant synthesize` (embedded generator) from {len(train)} examples and "
                  f"{len(extra)} feedback cases;\n{len(rules)} rule{'s' if len(rules) != 1 else ''}; {passed} of {len(report)} cases pass"
                  + ("" if all_ok else "; the rest are left unchanged" if not wrong else "; SOME ARE CHANGED WRONGLY")
                  + ".")
    source = render_module(name, title, description, rules, status == "precise-only", provenance, cleanup)
    return SynthesisResult(name, source, report, all_ok, not wrong, round(time.monotonic() - start, 3),
                           iterations, len(rules), status, evidence)


def _explore(name, title, description, rules: list[Rule], owners: list[_Cluster], cleanup: bool, train):
    """Run variants of the examples through a candidate module whose operator guards admit the whole family
    of the operators seen; operators shown to behave are kept on the clusters, the variants are returned."""
    seen = {rule.name: operator_vars(rule) for rule in rules}
    saved = [rule.safety for rule in rules]
    for rule in rules:
        rule.safety = widened(rule, {v: operator_family(k) for v, k in seen[rule.name].items()})
    candidate = render_module(name, title, description, rules, False, "", cleanup)
    for rule, safety in zip(rules, saved):
        rule.safety = safety
    found = explore(candidate, [case.module for case in train], seen)
    for rule, cluster in zip(rules, owners):
        for var, ops in found.operators.get(rule.name, {}).items():
            cluster.operators.setdefault(var, set()).update(ops)
    return found


DEBUG = bool(os.environ.get("CLAIRVOYANT_SYNTH_DEBUG"))


def _debug(message: str) -> None:
    print(message, file=sys.stderr)


def _score(cases: list[_Case], verdicts: list[bool], results: list) -> tuple[int, int]:
    """(cases that pass, minus the cases changed wrongly)."""
    wrong = sum(not ok and _normal(out) != _normal(case.before) for case, ok, (out, _, _) in zip(cases, verdicts, results))
    return sum(verdicts), -wrong


def _verdict(case: _Case, result) -> bool:
    out, error, _ = result
    return error is None and _normal(out) == _normal(case.after)


def _add(clusters: list[_Cluster], site: Site, seed: bool) -> bool:
    """Put `site` into the first cluster it generalizes with; a seed site may open a new cluster."""
    for cluster in clusters:
        if id(site) in cluster.rejected or any(s is site for s in cluster.all_sites()):
            continue
        candidate = cluster.all_sites() + [site]
        try:
            build_rule(candidate)
        except Mismatch:
            continue
        (cluster.sites if seed else cluster.feedback).append(site)
        return True
    if not seed:
        parts = decompose(clusters, site)
        for cluster, part in parts or ():
            cluster.feedback.append(part)
        if parts:
            return True
    if seed:
        clusters.append(_Cluster([site]))
        return True
    return False


def _candidates(rule: Rule, good: list, outputs: dict | None) -> list[Guard]:
    captures = [v.name for v in rule.variables if not v.operator]
    operators = tuple(v.name for v in rule.variables if v.operator)
    return candidate_guards(good, captures, operators, outputs) if good else []


def _narrow_suspects(entries, in_corpus: dict, total: int, outputs: dict) -> bool:
    """Guard the rules that match a large share of the corpus mostly unlike their examples."""
    changed = False
    for rule, cluster, good, _ in entries:
        fires = in_corpus.get(rule.name, [])
        if good and suspect(fires, good, total):
            chosen = narrowing(fires, good, [g for g in _candidates(rule, good, outputs) if g not in cluster.guards])
            if DEBUG:
                _debug(f"{rule.name}: suspect on the corpus ({len(fires)} of {total} statements), chose {chosen}")
            cluster.guards.extend(chosen)
            changed |= bool(chosen)
    return changed


def _specialize(rule: Rule, cluster: _Cluster, clusters: list[_Cluster], good: list, bad: list,
                outputs: dict | None = None, corpus: list | None = None, generated: set | None = None) -> bool:
    """Guard (or drop) `rule` so that its wrong rewrites `bad` go; among guards that exclude as many, the one
    that keeps the most corpus sites that look like the examples wins.  Wrong rewrites on generated variants
    (ids in `generated`) that no guard separates from the correct ones are outranked by those: left alone."""
    candidates = _candidates(rule, good, outputs)
    changed = False
    if len(good) >= 2:
        dropped = ({v.name for v in rule.variables} - rule.template_vars()) | rule.rescoped_vars()
        for g in candidates:
            if g.name in ALWAYS and g.args[0] in dropped and g not in cluster.guards and (
                    g.name != "not_read_after" or g.args[0].startswith("target")):  # liveness: bindings only
                cluster.guards.append(g)
                changed = True
    remaining = [f for f in bad if all(g.evaluate(f.bindings, f.context) for g in cluster.guards)]
    if not remaining:
        return changed
    chosen: list[Guard] = []
    while remaining:
        best, best_count = None, (0, 0)
        for g in candidates:
            if g in chosen or g in cluster.guards:
                continue
            count = (sum(not g.evaluate(f.bindings, f.context) for f in remaining),
                     typical_kept(g, corpus or [], good))
            if count[0] and count > best_count:
                best, best_count = g, count
        if best is None:
            break
        chosen.append(best)
        remaining = [f for f in remaining if best.evaluate(f.bindings, f.context)]
    if DEBUG:
        _debug(f"{rule.name}: {len(good)} good, {len(bad)} bad, chose {chosen}, {len(remaining)} left: "
               + " | ".join(" ".join(code(f.node).split())[:80] for f in remaining))
    if all(id(f) in (generated or ()) for f in remaining):
        cluster.guards.extend(chosen)
        return bool(chosen)
    if cluster.feedback:  # the feedback merges over-generalized the rule: undo them
        cluster.rejected |= {id(s) for s in cluster.feedback}
        cluster.feedback = []
        cluster.guards = []
        return True
    clusters.remove(cluster)
    return True
