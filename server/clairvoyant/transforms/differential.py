"""Differential testing: run the code a rule matched and what it rewrote it into side by side, in the sandbox.

A `Probe` is one rewrite: the statements around a site before and after it (the smallest enclosing statement,
or the statements of a window), the free names they read and the imports of their module.  All probes of a synthesis run in one sandbox process (`run_probes`): every
probe is executed on generated inputs (every free name bound to values from a fixed pool, all combinations up to
`MAX_ENVS`, else a seeded sample) and its before and after outcomes (value or exception, printed output, the
names both bind) are compared.  Inputs on which a group's *example* rewrites already differ are outside the types
the transform assumes (`type(x) == int` vs `isinstance(x, int)` differs for `True`): those pool values are left
out for the group's other probes.  Where the before-code raises, the input says nothing (the code was broken
there, or the input is not of the types it expects).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import libcst as cst

from clairvoyant.transforms.rules import BUILTINS
from clairvoyant.transforms.terms import code

MAX_ENVS = 400


@dataclass
class Probe:
    group: str  # rewrites of one rule share the pool left after its examples
    role: str  # "example" | "variant"
    before: str
    after: str
    names: tuple[str, ...]
    prelude: str = ""


@dataclass
class Outcome:
    informative: int  # inputs on which the before-code ran
    differ: int  # inputs on which before and after behave differently

    @property
    def agrees(self) -> bool:
        return self.informative > 0 and self.differ == 0


def probe_of(nodes: list[cst.CSTNode], replacement: list[cst.CSTNode], module: cst.Module, group: str,
             role: str, wrap: str | None = None) -> Probe | None:
    """The probe of one rewrite of statements `nodes` into `replacement`, or None when it cannot run alone.
    With `wrap` ("bool" for the test of an `if` / `while`, "list" for the iterable of a `for`), `nodes` and
    `replacement` are that one expression, probed alone as `_result = wrap(expression)`: what the body does with
    inputs made for the test says little."""
    if wrap is not None:
        before, after = (f"_result = {wrap}({code(n).strip()})\n" for n in (nodes[0], replacement[0]))
    elif not all(isinstance(n, (cst.SimpleStatementLine, cst.BaseCompoundStatement)) for n in nodes + replacement) \
            or any(isinstance(n, (cst.FunctionDef, cst.ClassDef)) for n in nodes):
        return None
    else:
        before = "".join(module.code_for_node(n) for n in nodes)
        after = "".join(module.code_for_node(n) for n in replacement)
    prelude = "".join(module.code_for_node(s) for s in module.body if _is_import(s))
    imported = {n for s in module.body if _is_import(s) for n in _imported_names(s)}
    names = sorted({n for node in nodes for n in _free_names(node)} - BUILTINS - imported)
    return Probe(group, role, before, after, tuple(names), prelude)


def _is_import(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and any(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body)


def _imported_names(statement: cst.SimpleStatementLine) -> set[str]:
    out = set()
    for s in statement.body:
        if isinstance(s, (cst.Import, cst.ImportFrom)) and not isinstance(s.names, cst.ImportStar):
            for alias in s.names:
                name = alias.asname.name if alias.asname else alias.name
                out.add(code(name).split(".")[0].strip())
    return out


def _free_names(node: cst.CSTNode) -> set[str]:
    out: set[str] = set()

    class Names(cst.CSTVisitor):
        def visit_Attribute(self, n: cst.Attribute) -> bool:
            n.value.visit(self)
            return False

        def visit_Arg(self, n: cst.Arg) -> bool:
            n.value.visit(self)
            return False

        def visit_Name(self, n: cst.Name) -> None:
            out.add(n.value)

    node.visit(Names())
    return out


def run_probes(probes: list[Probe], timeout_s: float = 10.0) -> list[Outcome | None]:
    """Outcome per probe (None when it could not run: syntax, sandbox refusal or time)."""
    if not probes:
        return []
    from clairvoyant.sandbox import run_python  # the sandbox is only needed once a synthesis explores

    data = [{"group": p.group, "role": p.role, "before": p.before, "after": p.after, "names": list(p.names),
             "prelude": p.prelude} for p in probes]
    result = run_python(_HARNESS, files={"probes.json": json.dumps(data)}, timeout_s=timeout_s,
                        purpose="generated")
    outcomes: list[Outcome | None] = [None] * len(probes)
    for line in result.stdout.splitlines():
        try:
            i, informative, differ = json.loads(line)
        except (ValueError, TypeError):
            continue
        if 0 <= i < len(probes):
            outcomes[i] = Outcome(informative, differ)
    return outcomes


_HARNESS = r'''
import contextlib, io, itertools, json, random, signal, sys, textwrap

class _Base:
    def __repr__(self): return type(self).__name__ + "()"
class _Sub(_Base): pass
class _Vec:  # element-wise comparisons, like array libraries
    def __init__(self, *xs): self.xs = list(xs)
    def __repr__(self): return "_Vec%r" % (self.xs,)
    def __eq__(self, o): return [x == o for x in self.xs]
    def __ne__(self, o): return [x != o for x in self.xs]
    def __lt__(self, o): return [x < o for x in self.xs]
    def __gt__(self, o): return [x > o for x in self.xs]
    __hash__ = None

POOL = [lambda: 0, lambda: 1, lambda: -3, lambda: 2.5, lambda: True, lambda: False, lambda: None,
        lambda: "", lambda: "ab", lambda: [], lambda: [1, 2], lambda: (), lambda: (1, "a"), lambda: {},
        lambda: {"a": 1, 0: 2}, lambda: {1, 2}, lambda: {2, 3}, lambda: float("nan"), lambda: _Base(), lambda: _Sub(), lambda: _Vec(0, 1)]
PLAIN = (int, float, str, bool, type(None), list, tuple, dict, set, frozenset, bytes, _Base, _Vec)

class _Slow(Exception): pass
def _alarm(*_): raise _Slow()
signal.signal(signal.SIGVTALRM, _alarm)  # CPU time: a loaded machine gives the same outcomes

def show(v, depth=0):
    if isinstance(v, (list, tuple, set, frozenset)) and depth < 3:
        items = sorted(map(lambda x: show(x, depth + 1), v)) if isinstance(v, (set, frozenset)) else [show(x, depth + 1) for x in v]
        return type(v).__name__ + repr(items)
    if isinstance(v, dict) and depth < 3:
        return "dict" + repr([(show(k, depth + 1), show(x, depth + 1)) for k, x in v.items()])
    if isinstance(v, PLAIN):
        return type(v).__name__ + ":" + repr(v)
    return type(v).__name__

def compile_side(p, side):
    names = p["names"]
    body = p[side]
    inner = textwrap.indent(textwrap.dedent(body), "        ") or "        pass\n"
    src = ("def _probe(%s):\n    for _once in (0,):\n%s\n    _seen = locals()\n"
           "    return ('end', {k: _seen[k] for k in %r if k in _seen})\n" % (", ".join(names), inner,
                                                                      names + ["_result"]))
    ns = {}
    exec(p["prelude"], ns)
    exec(compile(src, "<probe>", "exec"), ns)
    return ns["_probe"]

def outcome(f, args):
    out = io.StringIO()
    signal.setitimer(signal.ITIMER_VIRTUAL, 0.05)
    try:
        with contextlib.redirect_stdout(out):
            v = f(*args)
            if hasattr(v, "__next__"):
                v = list(itertools.islice(v, 50))
        return ("value", show(v), out.getvalue())
    except _Slow:
        return ("slow",)
    except BaseException as e:
        return ("raise", type(e).__name__, out.getvalue())
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)

def inputs(n):
    if n == 0:
        yield ()
        return
    combos = list(itertools.product(range(len(POOL)), repeat=n)) if len(POOL) ** n <= 400 else None
    if combos is None:
        rng = random.Random(n)
        combos = [tuple(rng.randrange(len(POOL)) for _ in range(n)) for _ in range(400)]
    yield from combos

def run(p, allowed):
    try:
        b, a = compile_side(p, "before"), compile_side(p, "after")
    except BaseException:
        return None
    informative = differ = 0
    bad = set()
    for combo in inputs(len(p["names"])):
        if any(i not in allowed for i in combo):
            continue
        ob, oa = outcome(b, [POOL[i]() for i in combo]), outcome(a, [POOL[i]() for i in combo])
        if "slow" in (ob[0], oa[0]) or ob[0] == "raise":
            continue
        informative += 1
        if ob != oa:
            differ += 1
            bad.update(combo)
    return informative, differ, bad

probes = json.load(open("probes.json"))
allowed = {}
for role in ("example", "variant"):
    for i, p in enumerate(probes):
        if p["role"] != role:
            continue
        pool = allowed.setdefault(p["group"], set(range(len(POOL))))
        r = run(p, pool if role == "variant" else set(range(len(POOL))))
        if r is None:
            continue
        if role == "example":
            pool -= r[2]
        print(json.dumps([i, r[0], r[1]]), flush=True)
'''
