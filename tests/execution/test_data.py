"""Training-data pipeline pieces: program generator, stdlib mining, decontamination, prompt formats."""

from __future__ import annotations

import ast
import json
import random
import subprocess
import sys
import textwrap
from pathlib import Path

from clairvoyant.execution import call_variants, mining, progen
from clairvoyant.execution.decontam import ContaminationIndex, normalize
from clairvoyant.execution.prompts import direct_prompt, step_prompt
from clairvoyant.execution.tracer import trace_call

SCRIPTS = Path(__file__).resolve().parents[2] / "scripts" / "exec"


def test_generated_programs_parse_and_mostly_run():
    rng = random.Random(7)
    gen = progen.ProgramGenerator(rng)
    ran = 0
    for _ in range(60):
        code, types = gen.program()
        fn = ast.parse(code).body[0]
        assert isinstance(fn, ast.FunctionDef) and fn.name == "f" and len(fn.args.args) == len(types)
        t = trace_call(code, f"f({gen.inputs(types)})", timeout_s=0.5)
        ran += t.error is None
    assert ran >= 40  # most programs run; the rest are filtered out by make_data


def test_generated_inputs_match_their_types():
    rng = random.Random(1)
    checks = {"str": str, "int": int, "bool": bool, "list_int": list, "list_str": list, "dict": dict}
    for typ, py in checks.items():
        for _ in range(20):
            assert type(progen.rand_value(rng, typ)) is py


def test_mining_keeps_self_contained_pure_functions_only(tmp_path):
    (tmp_path / "mod.py").write_text(textwrap.dedent('''
        import os

        def pure(s, n=2):
            """Doc."""
            return s[:n].upper()

        def uses_module(p):
            return os.path.join(p, "x")

        def does_io(p):
            return open(p).read()

        def gen(x):
            yield x
    '''))
    found = mining.mine([tmp_path])
    assert [(name, n_req) for _, name, n_req in found] == [("pure", 1)]
    assert '"""' not in found[0][0]


def test_decontamination_flags_renamed_copies_but_not_different_code():
    crux = "def f(text, ch):\n    out = ''\n    for c in text:\n        if c != ch:\n            out += c\n    return out"
    index = ContaminationIndex([crux])
    renamed = crux.replace("text", "s").replace("out", "res").replace("ch", "x")
    assert normalize(renamed) == normalize(crux)
    assert index.is_contaminated(renamed)
    other = "def f(nums):\n    total = 0\n    for n in sorted(nums):\n        total += n * n\n    return total"
    assert not index.is_contaminated(other)


def test_prompt_formats():
    assert direct_prompt("def f(x):\n    return x\n", "f(1)") == "<bos>def f(x):\n    return x\n<call>f(1)<ret>"
    assert step_prompt("def f(x):\n    return x", "f(1)", "L2 | x=1") == "<bos>def f(x):\n    return x\n<call>f(1)<trace>L2 | x=1<next>"


def test_held_out_functions_stay_out_of_the_mix(tmp_path):
    """hold_out.py splits by function (all calls together, stable across runs); mix_data.py --exclude drops them."""
    rows = [{"code": f"def f(x):\n    return x + {i}\n", "call": f"f({j})", "result": str(i + j)}
            for i in range(40) for j in range(3)]  # fmt: skip
    source = tmp_path / "samples.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))

    def run(script, *args):
        done = subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)], capture_output=True, text=True,
                              timeout=60, check=False)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return done

    held, rest, again = tmp_path / "held.jsonl", tmp_path / "rest.jsonl", tmp_path / "again.jsonl"
    run("hold_out.py", source, "--one-in", 4, "--held-out", held, "--rest", rest)
    run("hold_out.py", source, "--one-in", 4, "--held-out", again)
    assert held.read_text() == again.read_text()
    held_codes = {json.loads(line)["code"] for line in held.read_text().splitlines()}
    rest_codes = {json.loads(line)["code"] for line in rest.read_text().splitlines()}
    assert 0 < len(held_codes) < 40 and not held_codes & rest_codes and len(held_codes | rest_codes) == 40
    assert len(held.read_text().splitlines()) == 3 * len(held_codes)  # every call of a held-out function

    mix = tmp_path / "mix.jsonl"
    run("mix_data.py", "--out", mix, "--exclude", held, f"{source}:1.0")
    mixed = [json.loads(line) for line in mix.read_text().splitlines()]
    assert {r["code"] for r in mixed} == rest_codes and len(mixed) == 3 * len(rest_codes)


def test_call_variants_keep_argument_types_and_stay_literal():
    """Each variant is a new call of the same function whose arguments are literals of the original types."""
    call = "f('hello world', ['a', 'b', 'b'], {'x': 1, 'y': 2}, n=3)"
    variants = call_variants.variants(call, random.Random(7), 12)
    assert len(variants) == 12 and call not in variants and len(set(variants)) == 12
    for v in variants:
        name, args, kwargs = call_variants.literal_args(v)
        assert name == "f" and [type(a) for a in args] == [str, list, dict] and list(kwargs) == ["n"]
        assert type(kwargs["n"]) is int
    assert variants == call_variants.variants(call, random.Random(7), 12)  # seeded, so data is reproducible
    assert call_variants.variants("f(g(1))", random.Random(0), 3) == []  # not literal: no guessing
    assert call_variants.canonical('f("a",[1,2])') == "f('a', [1, 2])"


def test_written_functions_become_traced_samples(tmp_path):
    """make_data.py --written traces each hand-written function on its calls and on changed copies of them."""
    code = "def f(words, n):\n    return [w[:n].upper() for w in words if len(w) > n]"
    written = tmp_path / "written.jsonl"
    written.write_text(json.dumps({"code": code, "calls": ['f(["apple", "kiwi", "banana"], 4)', "f(['ab'], 1)"]}) + "\n")
    out = tmp_path / "samples.jsonl"
    done = subprocess.run([sys.executable, str(SCRIPTS / "make_data.py"), "--programs", "0", "--mined-rounds", "0",
                           "--written", str(written), "--variants", "6", "--out", str(out)],
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows[0]["call"] == "f(['apple', 'kiwi', 'banana'], 4)" and rows[0]["result"] == "['APPL', 'BANA']"
    assert len(rows) > 2 and {r["src"] for r in rows} == {"written"}
    for r in rows:  # every result is what running the call gives
        ns: dict = {}
        exec(code, ns)  # noqa: S102 - the test's own function
        assert repr(eval(r["call"], ns)) == r["result"]
    results = [r["result"] for r in rows]
    assert max(results.count(x) for x in results) <= 3


def test_written_function_checker_flags_errors_and_hash_seed_dependence(tmp_path):
    """check_written.py keeps good calls and drops ones that raise or depend on the order of a set of strings."""
    rows = [{"code": "def f(words):\n    return sorted(set(words))", "calls": ["f(['b', 'a', 'b'])", "f([])", "f([3, 1])"]},
            {"code": "def f(words):\n    return list(set(words))", "calls": ["f(['a', 'b', 'c', 'd', 'e'])", "f(1)"]}]  # fmt: skip
    path = tmp_path / "written.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    done = subprocess.run([sys.executable, str(SCRIPTS / "check_written.py"), str(path), "--fix"], capture_output=True,
                          text=True, timeout=120, check=False)  # fmt: skip
    assert done.returncode == 1 and "depends on the hash seed" in done.stdout and "TypeError" in done.stdout
    assert [json.loads(line) for line in path.read_text().splitlines()] == [rows[0]]
