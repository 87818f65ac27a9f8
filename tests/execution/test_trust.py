"""What makes a prediction trustworthy, below the server: calibration, the equality of values, the endpoint backend
(against a fake OpenAI-compatible server on 127.0.0.1), live values, aliases and methods."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from clairvoyant.errors import CannotPredict, EndpointError
from clairvoyant.execution.backends import make_predictor
from clairvoyant.execution.calibration import (
    FEATURES,
    Calibration,
    expected_calibration_error,
    features,
    fit,
    risk_coverage,
)
from clairvoyant.execution.callsite import call_at, call_problem, callee_name, prompt_code
from clairvoyant.execution.endpoint_predictor import parse_answer
from clairvoyant.execution.live_values import live_values
from clairvoyant.execution.predictor import Predictor
from clairvoyant.execution.values import same_value
from clairvoyant.runtime import ModelRegistry
from fake_chat import FakeChat

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo.py"
SOURCE = '''
def rotate(items, k):
    total = 0
    out = items[k:] + items[:k]
    total += len(out)
    return out

class Stack:
    """A stack."""
    def __init__(self, items):
        self.items = list(items)
    def pop(self):
        return self.items.pop()

turn = rotate
again = turn
rotate2 = rotate
rotate2 = len
print(again([1, 2, 3], 1), Stack([1, 2]).pop(), rotate2([1]))
x = input()
print(rotate(x, 1), rotate(*[1], 2))
'''


def at(source: str, needle: str, offset: int = 1) -> tuple[int, int]:
    line = next(i for i, text in enumerate(source.splitlines()) if needle in text)
    return line, source.splitlines()[line].index(needle) + offset


def test_fit_recovers_a_calibration_and_ece_measures_it():
    rng = np.random.default_rng(0)
    raw = rng.uniform(0.01, 0.99, 4000)
    truth = 1 / (1 + np.exp(-(0.5 * np.log(raw / (1 - raw)) - 1.0)))  # an overconfident model
    right = rng.uniform(size=raw.size) < truth
    x = np.array([features(p, 50, False) for p in raw])
    calibration = fit(x, right.astype(float))
    fitted = [calibration(p, 50, False) for p in raw]
    assert expected_calibration_error(fitted, right) < 0.03 < expected_calibration_error(raw, right)
    assert calibration(0.9, 50, False) > calibration(0.5, 50, False)
    stored = Calibration.from_manifest(calibration.to_manifest(n=4000))
    assert stored is not None and stored(0.7, 50, False) == pytest.approx(calibration(0.7, 50, False), abs=1e-4)
    assert Calibration.from_manifest({"method": "logistic", "features": ["other"], "weights": [1]}) is None
    assert Calibration.from_manifest(None) is None and len(FEATURES) == len(calibration.weights)


def test_risk_coverage_counts_what_each_threshold_shows():
    rows = risk_coverage([0.9, 0.8, 0.3, 0.1], [True, False, True, False], thresholds=(0.5, 0.95))
    assert rows[0] == {"threshold": 0.5, "coverage": 0.5, "shown": 2, "accuracy": 0.5}
    assert rows[1]["shown"] == 0 and rows[1]["accuracy"] is None
    assert expected_calibration_error([1.0, 0.0], [True, False]) == 0.0


def test_same_value_is_python_equality():
    assert same_value("[1, 2]", "[1,2]") and same_value("{'b': 1, 'a': 2}", "{'a': 2, 'b': 1}")
    assert same_value("(1,)", "(1, )") and not same_value("'1'", "1") and not same_value("[1, 2", "[1, 2]")
    assert same_value("set()", "set()", evaluate=False) and not same_value("set()", "{1}", evaluate=False)


def test_the_shipped_model_is_calibrated_and_shows_the_greedy_value_with_complete_runner_ups():
    predictor = Predictor(ModelRegistry(None), n_candidates=4)
    assert predictor.calibration is not None, "models/exec-predictor/manifest.json carries a calibration"
    pred = predictor.predict(DEMO.read_text(), "running_total([3, 1, 4, 1, 5])")
    greedy = Predictor(ModelRegistry(None), n_candidates=1).predict(DEMO.read_text(), "running_total([3, 1, 4, 1, 5])")
    assert pred.value == greedy.value and pred.calibrated and 0.0 <= pred.confidence <= 1.0
    assert pred.raw_confidence == pytest.approx(greedy.raw_confidence, rel=1e-6)
    for value, confidence in pred.alternatives:
        compile(value, "<value>", "eval")  # only complete Python values
        assert value != pred.value and 0.0 <= confidence <= 1.0


def test_calls_resolve_through_aliases_and_methods_or_say_why_not():
    assert call_at(SOURCE, *at(SOURCE, "again(")).call == "rotate([1, 2, 3], 1)"
    method = call_at(SOURCE, *at(SOURCE, "Stack([1, 2]).pop", 14))
    assert (method.function, method.call) == ("Stack", "Stack([1, 2]).pop()")
    assert callee_name(method.call) == "Stack" and "class Stack" in prompt_code(SOURCE, "Stack").code
    assert '"""A stack."""' not in prompt_code(SOURCE, "Stack").code
    assert call_at(SOURCE, *at(SOURCE, "rotate2([1]")) is None  # rebound: not an alias any more
    assert "`x` is not a literal" in call_problem(SOURCE, *at(SOURCE, "rotate(x")).reason
    assert "unpacks arguments" in call_problem(SOURCE, *at(SOURCE, "rotate(*[1]")).reason
    assert call_problem(SOURCE, *at(SOURCE, "print(again", 1)) is None  # print is not defined here


def test_predictor_errors_say_why():
    predictor = Predictor(ModelRegistry(None))
    with pytest.raises(CannotPredict, match="not defined at the top level"):
        predictor.predict("def g():\n    return 1\n", "f()")
    long = "def f(x):\n" + "".join(f"    x = x * {i} + {i} - len(str(x)) // {i + 1}\n" for i in range(200)) + "    return x\n"
    with pytest.raises(CannotPredict, match="too long for the model"):
        predictor.predict(long, "f(1)")


def test_live_values_come_from_a_sandboxed_traced_run():
    live = live_values(SOURCE, "rotate", "rotate([1, 2, 3], 1)")
    assert live.result == "[2, 3, 1]" and live.error is None
    lines = SOURCE.splitlines()
    shown = {lines[line].strip(): text for line, text in live.lines}
    assert shown == {"total = 0": "total = 0", "out = items[k:] + items[:k]": "out = [2, 3, 1]", "total += len(out)": "total = 3"}
    failed = live_values(SOURCE, "rotate", "rotate(None, 1)")
    assert failed.result is None and failed.error.startswith("TypeError")


def test_endpoint_answers_are_parsed_to_python_values():
    assert parse_answer("[1, 2]", False) == "[1, 2]"
    assert parse_answer("```python\n'ab'\n```", False) == "'ab'"
    assert parse_answer("`3`", False) == "3"
    assert parse_answer("assert f(1) == {'a': 1}", False) == "{'a': 1}"
    assert parse_answer("It returns a list.", False) is None
    assert parse_answer("x goes 1, 2, 3\nANSWER: 6\nwait\nANSWER: [6]", True) == "[6]"
    assert parse_answer("no final line", True) is None


def test_openai_backend_predicts_through_the_endpoint_and_reports_failures():
    with FakeChat(["[3, 4, 8, 9, 14]", "step 1 ...\nANSWER: [3, 4]", "not a value"], logprob=-0.1) as chat:
        direct = make_predictor(None, backend="openai", url=chat.url, model="m", api_key_env="CV_TEST_KEY")
        pred = direct.predict(DEMO.read_text(), "running_total([3, 1, 4, 1, 5])")
        assert (pred.value, pred.backend, pred.model) == ("[3, 4, 8, 9, 14]", "openai", "m")
        assert pred.confidence == pytest.approx(np.exp(-0.1), rel=1e-6)
        assert "def running_total" in chat.requests[0]["messages"][-1]["content"] and chat.requests[0]["logprobs"]
        step = make_predictor(None, backend="openai", url=chat.url, model="m", strategy="scratchpad")
        assert step.predict(DEMO.read_text(), "running_total([3, 1])").value == "[3, 4]"
        assert "step by step" in chat.requests[1]["messages"][-1]["content"]
        assert direct.predict(DEMO.read_text(), "running_total([1])").value == ""  # not a value: nothing shown
    with pytest.raises(EndpointError, match="failed"):
        make_predictor(None, backend="openai", url=chat.url, model="m", timeout_s=2).predict(
            DEMO.read_text(), "running_total([1])")
    with pytest.raises(CannotPredict, match="needs an endpoint URL"):
        make_predictor(None, backend="openai", url="")


def test_cli_predict_and_bench_exec_use_the_endpoint(tmp_path):
    data = tmp_path / "rows.jsonl"
    data.write_text(json.dumps({"code": "def f(a):\n    return a * 2\n", "input": "3", "output": "6"}) + "\n"
                    + json.dumps({"code": "def f(a):\n    return a + 'x'\n", "input": "'b'", "output": "'bx'"}) + "\n")
    with FakeChat(lambda body: "6" if "a * 2" in body["messages"][-1]["content"] else "'b'") as chat:
        common = ["--backend", "openai", "--url", chat.url, "--model", "local-model"]
        predicted = subprocess.run([sys.executable, "-m", "clairvoyant", "predict", str(DEMO), "--call",
                                    "shout(['a'], '-')", *common, "--json", "--verify"],
                                   capture_output=True, text=True, check=True)  # fmt: skip
        out = json.loads(predicted.stdout)
        assert out["value"] == "'b'" and out["backend"] == "openai" and out["confidence"] is None
        assert out["verified"]["actual"] == "'A!'" and out["verified"]["match"] is False
        bench = subprocess.run([sys.executable, "-m", "clairvoyant", "bench", "exec", "--data", str(data), *common,
                                "--json"], capture_output=True, text=True, check=True)  # fmt: skip
        report = json.loads(bench.stdout)
        assert (report["n"], report["correct"], report["backend"], report["model"]) == (2, 1, "openai", "local-model")


def test_ast_parse_is_safe_from_many_threads():
    import ast
    from concurrent.futures import ThreadPoolExecutor

    source = "def f(x):\n" + "".join(f"    x = [x, ({i}, {{'k': x}})]\n" for i in range(200)) + "    return x\n"
    with ThreadPoolExecutor(4) as pool:
        trees = list(pool.map(lambda _: ast.dump(ast.parse(source)), range(40)))
    assert len(set(trees)) == 1
