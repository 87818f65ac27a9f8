"""Property test: every shipped transform preserves behaviour on code it has not seen.

New before-cases are generated from each transform's seeds (the examples its rules were learned from and the
corner cases of `test_transform_corner_cases.py`) by consistent renaming of the names they bind (to names that
stress element naming: `boxes`, `_widgets`, `entries`, and clashing ones such as `box`), fresh literals and other
argument shapes (parenthesized reads).  Each rewritten case must parse, and before and after are run on the same
generated inputs: every function and method they define is called with values drawn from one seeded pool (of the
types the transform assumes, e.g. mappings for `dict.get`), and what they return, print or raise must be the
same (an exception counts as one outcome: outside the assumed types the kind of error may differ).  The count of generated and rewritten cases per transform is
printed (`pytest -s`).  CLAIRVOYANT_PROPERTY_VARIANTS (default 8) sets the variants per seed.
"""

from __future__ import annotations

import ast
import os
import random

import libcst as cst
from libcst.metadata import ExpressionContext, ExpressionContextProvider, MetadataWrapper
from test_transform_corner_cases import REWRITE

from clairvoyant.transforms import TransformLibrary
from clairvoyant.transforms.builtin import DEFAULT_DATA, load_jsonl
from clairvoyant.transforms.guards import scope_bindings

VARIANTS = int(os.environ.get("CLAIRVOYANT_PROPERTY_VARIANTS", "8"))
NAMES = ["boxes", "box", "entries", "entry", "_widgets", "widget", "matches", "classes", "items", "item", "values",
         "data", "rows", "row", "node", "result", "total", "key", "k", "x", "y", "obj", "status", "buses"]
POOL = [0, 1, -3, 2.5, "ab", "", [1, 2], [], (1, 2), {"a": 1}, {1: 2}, None, True, [(1, 2), (3, 4)], {1, 2}]
# The types a transform assumes (its description says so): inputs are drawn from these values only.
POOLS = {
    "dict-get-with-default": [0, 1, 2.5, None, {"a": 1}, {1: 2}, {"": 0, 0: "x"}, {}],  # mappings and keys
    "dict-keys-membership": [0, 1, 2.5, None, {"a": 1}, {1: 2}, {"": 0, 0: "x"}, {}],
    "type-equality-to-isinstance": [v for v in POOL if v is not True],  # no instance of a subclass (bool)
    "augmented-assignment": [0, 1, -3, 2.5, "ab", "", (1, 2), None],  # immutable values: no aliasing
    "range-len-to-enumerate": [0, 1, "ab", "", [1, 2], [], (1, 2), None, [(1, 2), (3, 4)]],  # sequences
}
HARNESS = '''
import random as _random, re as _re, types as _types, inspect as _inspect
_rng = _random.Random({seed})
_POOL = {pool}
def _show(value):
    if isinstance(value, _types.GeneratorType):
        try:
            value = list(value)
        except Exception:
            value = "raised"
    return _re.sub(r"0x[0-9a-f]+", "0x", repr(value))
def _call(fn, skip=0):
    try:
        count = len(_inspect.signature(fn).parameters) - skip
    except (TypeError, ValueError):
        return
    for _ in range(4):
        args = [_rng.choice(_POOL) for _ in range(max(count, 0))]
        try:
            print(_show(fn(*args)))
        except Exception:
            print("raised")
for _name, _obj in list(globals().items()):
    if _name.startswith("_") or getattr(_obj, "__module__", None) != "__case__":
        continue
    if isinstance(_obj, type):
        try:
            _inst = _obj()
        except Exception:
            print("raised")
            continue
        for _attr in sorted(vars(_obj)):
            if not _attr.startswith("__") and callable(getattr(_inst, _attr, None)):
                _call(getattr(_inst, _attr))
    elif callable(_obj):
        _call(_obj)
'''


class _Vary(cst.CSTTransformer):
    """Renames bound names consistently, draws new literals, parenthesizes some reads."""

    METADATA_DEPENDENCIES = (ExpressionContextProvider,)

    def __init__(self, rng: random.Random, renames: dict[str, str]) -> None:
        super().__init__()
        self.rng, self.renames = rng, renames

    def leave_Attribute(self, original_node, updated_node):
        return updated_node.with_changes(attr=original_node.attr)  # attribute names stay

    def leave_Arg(self, original_node, updated_node):
        return updated_node.with_changes(keyword=original_node.keyword)

    def leave_Name(self, original_node, updated_node):
        new = updated_node.with_changes(value=self.renames.get(updated_node.value, updated_node.value))
        if self.get_metadata(ExpressionContextProvider, original_node, None) == ExpressionContext.LOAD \
                and self.rng.random() < 0.15:
            new = new.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return new

    def leave_Integer(self, original_node, updated_node):
        return updated_node.with_changes(value=str(self.rng.choice([0, 1, 2, 3, 7, 10, 42])))

    def leave_SimpleString(self, original_node, updated_node):
        body = updated_node.raw_value
        if updated_node.prefix or any(c in body for c in "{}\\\n") or len(updated_node.quote) != 1:
            return updated_node
        text = "".join(self.rng.choice("abcxyz ") for _ in range(self.rng.randint(0, 5)))
        return updated_node.with_changes(value=updated_node.quote + text + updated_node.quote)


def _bound_names(module: cst.Module) -> set[str]:
    """Names the code binds itself (not imports, dunders or the conventional `self` / `cls`)."""
    scopes = [n for n in _walk(module) if isinstance(n, (cst.Module, cst.FunctionDef, cst.Lambda, cst.ClassDef,
                                                          cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp))]
    out = set()
    for scope in scopes:
        for name, hows in scope_bindings(scope).items():
            if all(h[0] == "local" for h in hows) and not name.startswith("__") and name not in ("self", "cls"):
                out.add(name)
    return out


def _walk(node):
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        stack.extend(n.children)


def variants(source: str, seed: int, count: int) -> list[str]:
    """`count` generated variants of `source` (deterministic for a seed)."""
    rng = random.Random(seed)
    module = cst.parse_module(source)
    bound = sorted(_bound_names(module))
    taken = {n.value for n in _walk(module) if isinstance(n, cst.Name)} - set(bound)
    out = []
    for _ in range(count):
        pool = [n for n in NAMES if n not in taken]
        rng.shuffle(pool)
        renames = dict(zip(bound, pool)) if len(pool) >= len(bound) else {}
        varied = MetadataWrapper(module).visit(_Vary(rng, renames)).code
        try:
            ast.parse(varied)
        except SyntaxError:
            continue
        out.append(varied)
    return out


def _seeds() -> dict[str, list[str]]:
    seeds: dict[str, list[str]] = {}
    if (DEFAULT_DATA / "train.jsonl").is_file():
        for row in load_jsonl(DEFAULT_DATA / "train.jsonl"):
            seeds.setdefault(row["transform"], []).append(row["before"])
    for name, before, _, _ in REWRITE:
        seeds.setdefault(name, []).append(before)
    return seeds


def test_generated_cases_preserve_behaviour(programs):
    library = TransformLibrary.builtin()
    counts: dict[str, list[int]] = {}
    sources, meta = [], []
    for name, befores in sorted(_seeds().items()):
        generated = rewritten = 0
        for i, before in enumerate(befores):
            for j, case in enumerate(variants(before, hash((name, i)) % 10_000, VARIANTS)):
                generated += 1
                after = library.apply(name, case)
                if ast.dump(ast.parse(after)) == ast.dump(ast.parse(case)):
                    continue
                compile(after, "<after>", "exec")
                rewritten += 1
                harness = HARNESS.format(seed=i * 1000 + j, pool=repr(POOLS.get(name, POOL)))
                sources += [case + "\n" + harness, after + "\n" + harness]
                meta.append((name, case, after))
        counts[name] = [generated, rewritten]
    outputs = programs(sources)
    for (name, case, after), old, new in zip(meta, outputs[::2], outputs[1::2]):
        assert old == new, f"{name} changed behaviour:\n--- before\n{case}\n--- after\n{after}\n{old!r}\n{new!r}"
    print("\ngenerated / rewritten cases per transform:")
    for name, (generated, rewritten) in counts.items():
        print(f"  {name:32s} {generated:4d} {rewritten:4d}")
    assert set(counts) >= {info.name for info in library.infos()}
    assert all(rewritten > 0 for _, rewritten in counts.values()), counts
