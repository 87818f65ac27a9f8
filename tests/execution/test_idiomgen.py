"""Idiomatic-function generator (`execution.idiomgen`) and its use by `scripts/exec/make_data.py`."""

from __future__ import annotations

import ast
import importlib.util
import json
import random
import re
import sys
from pathlib import Path

from clairvoyant.execution import idiomgen
from clairvoyant.execution.idiom_table import EXCLUDED
from clairvoyant.execution.tracer import trace_call

MAKE_DATA = Path(__file__).resolve().parents[2] / "scripts" / "exec" / "make_data.py"


def _programs(n: int, start: int = 0):
    for seed in range(start, start + n):
        g = idiomgen.IdiomGenerator(random.Random(seed))
        code, types = g.program()
        yield g, code, types


def _make_data():
    spec = importlib.util.spec_from_file_location("make_data", MAKE_DATA)
    module = sys.modules["make_data"] = importlib.util.module_from_spec(spec)  # picklable for its worker pool
    spec.loader.exec_module(module)
    return module


def test_more_parameters_of_one_type_than_it_has_names():
    """Three tuple parameters (two names in the pool): the third gets a numbered name (seed 3 crashed here)."""
    g = idiomgen.IdiomGenerator(random.Random(0))
    real, calls = g.rng.choices, []
    g.rng.choices = lambda *a, **k: calls.append(1) or (["tuple"] * 3 if len(calls) == 1 else real(*a, **k))
    code, types = g.program()
    params = ast.parse(code).body[0].args.args
    assert types == ["tuple"] * 3 and len({p.arg for p in params}) == 3


def test_same_seed_same_program_and_inputs():
    def draw(seed):
        g = idiomgen.IdiomGenerator(random.Random(seed))
        code, types = g.program()
        return code, types, g.inputs(types)

    assert all(draw(s) == draw(s) for s in range(20))
    assert len({draw(s)[0] for s in range(20)}) == 20


def test_programs_compile_to_one_function_with_typed_params():
    for _, code, types in _programs(300):
        fn = ast.parse(code).body[0]
        assert isinstance(fn, ast.FunctionDef) and fn.name == "f" and len(fn.args.args) == len(types)
        assert 2 <= len(fn.body) and isinstance(fn.body[-1], ast.Return)


def test_most_programs_run_on_their_inputs():
    runs = [trace_call(code, f"f({g.inputs(types)})", timeout_s=0.5) for g, code, types in _programs(200)]
    ok = sum(t.error is None and not t.truncated for t in runs) / len(runs)
    assert ok >= 0.8, ok  # measured 0.93 on 1000 programs; make_data drops the rest


def test_every_listed_method_is_covered_and_every_public_method_listed():
    shares = idiomgen.method_shares([code for _, code, _ in _programs(1500)])
    assert set(idiomgen.METHODS) <= set(shares)
    assert [m for m, v in shares.items() if v == 0] == []
    for typ in (str, list, dict, set, tuple, int):
        public = {
            f"{typ.__name__}.{m}" for m in dir(typ) if not m.startswith("_") and callable(getattr(typ, m))
        }
        assert public - EXCLUDED <= set(idiomgen.METHODS), public - EXCLUDED - set(idiomgen.METHODS)
    for name in ("sorted", "enumerate", "zip", "min", "max", "sum", "reversed", "isinstance", "abs", "divmod",
                 "round", "any", "all", "map", "filter", "range"):  # fmt: skip
        assert name in idiomgen.METHODS


def test_coverage_patterns_match_calls_not_names():
    pats = idiomgen.method_patterns()
    assert pats["str.count"].search("n = text.count('a')") and not pats["sum"].search("x = checksum(a)")
    assert pats["map"].search("list(map(str, xs))") and not pats["map"].search("s.format_map(d)")


def test_make_data_reports_coverage_and_drops_near_copies_of_eval_functions(tmp_path):
    make_data = _make_data()
    # a generated program that runs, with a parameter renamed: a near-copy of an "evaluation" function
    code = next(
        c
        for g, c, t in _programs(40)
        if c.count("\n") >= 4 and trace_call(c, f"f({g.inputs(t)})").error is None
    )
    first_param = ast.parse(code).body[0].args.args[0].arg
    near_copy = re.sub(rf"\b{first_param}\b", "renamed_arg", code)
    (tmp_path / "eval.jsonl").write_text(json.dumps({"code": near_copy}) + "\n")
    out = tmp_path / "data.jsonl"
    argv = ["--generator", "idiom", "--out", str(out), "--programs", "40", "--calls", "2", "3", "--mined-rounds", "0",
            "--eval", str(tmp_path / "eval.jsonl"), "--report"]  # fmt: skip
    assert make_data.main(argv) == 0
    rows = [json.loads(line) for line in out.open()]
    report = json.loads((tmp_path / "data.jsonl.report.json").read_text())
    assert rows and all(r["src"] == "idiom" for r in rows) and code not in {r["code"] for r in rows}
    assert report["decontamination"]["dropped"] >= 1 and report["decontamination"]["threshold"] == 0.5
    assert report["stats"]["kept"] == len(rows) and set(report["methods"]) == set(idiomgen.METHODS)
    assert report["zero_coverage"] == sorted(
        m for m, v in {**report["methods"], **report["constructs"]}.items() if not v
    )


def test_make_data_mines_functions_from_a_source_tree(tmp_path):
    """`--mine-dir` (sdists from scripts/exec/fetch_sdists.py) instead of the stdlib and site-packages."""
    src = tmp_path / "pkg-1.0" / "pkg"
    src.mkdir(parents=True)
    (src / "text.py").write_text("import os\n\ndef shout(word):\n    return word.upper() + '!'\n\n"
                                 "def home():\n    return os.getcwd()\n")
    (tmp_path / "eval.jsonl").write_text("")
    out = tmp_path / "data.jsonl"
    argv = ["--mine-dir", str(tmp_path), "--programs", "0", "--mined-rounds", "2", "--out", str(out),
            "--eval", str(tmp_path / "eval.jsonl")]
    assert _make_data().main(argv) == 0
    rows = [json.loads(line) for line in out.open()]
    assert rows and {r["src"] for r in rows} == {"mined"}
    assert all("def shout(word)" in r["code"] and r["call"].startswith("shout(") for r in rows)


def test_mix_draws_from_both_generators():
    make_data = _make_data()
    srcs = {s["src"] for seed in range(30) for s in make_data.gen_task(seed, generator="mix")}
    assert srcs == {"gen", "idiom"}
