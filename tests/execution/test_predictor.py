"""The predictor with the shipped exec-predictor model, and the sandboxed verification."""

from __future__ import annotations

import ast

import pytest

from clairvoyant.execution.predictor import Predictor, run_call_verified
from clairvoyant.execution.prompts import step_prompt
from clairvoyant.execution.values import same_value as equal_values
from clairvoyant.runtime import ModelRegistry, greedy_decode, priority_sample

DOC = '''def f(text, n):
    """>>> f('hello', 2)"""
    out = ''
    for i in range(n):
        out = out + text[i]
    count = len(out)
    return out.upper()


def g(nums):
    return [x * 2 for x in nums]
'''


@pytest.fixture(scope="module")
def registry():
    return ModelRegistry()


@pytest.fixture(scope="module")
def predictor(registry):
    return Predictor(registry, n_candidates=3)


def test_direct_prediction_has_ranked_distinct_candidates(predictor):
    pred = predictor.predict(DOC, "f('hello', 2)")
    assert pred.model == "exec-predictor" and pred.strategy == "direct" and pred.trace is None
    assert pred.value and 0.0 < pred.confidence <= 1.0 and pred.latency_ms > 0
    values = [pred.value] + [v for v, _ in pred.alternatives]
    assert len(set(values)) == len(values) <= 3  # the greedy value, then runner-ups that are complete values
    assert all(_parses(v) and 0.0 <= c <= 1.0 for v, c in pred.alternatives)


def _parses(text: str) -> bool:
    try:
        ast.parse(text, mode="eval")
        return True
    except SyntaxError:
        return False


def test_trace_and_scratchpad_strategy(registry):
    pred = Predictor(registry, strategy="scratchpad").predict(DOC, "g([1, 2])")
    assert pred.strategy == "scratchpad" and isinstance(pred.trace, list) and pred.value
    assert all(state.startswith("L") for state in pred.trace)
    traced = Predictor(registry).predict(DOC, "g([1, 2])", with_trace=True)
    assert isinstance(traced.trace, list)


def test_cached_rollout_step_equals_full_prompt_decoding(registry, predictor):
    model = registry.get("exec-predictor")
    code = "def g(nums):\n    return [x * 2 for x in nums]"
    prompt = model.encode(step_prompt(code, "g([1, 2])", ""))
    full = greedy_decode(model, prompt, 40)
    assert full == priority_sample(model, prompt, 1, 40)[0], "greedy is the first sequence priority sampling yields"
    prefix = model.encode(step_prompt(code, "g([1, 2])", "").removesuffix("<next>"))
    _, cache = model.step(prefix[:-1])
    step = greedy_decode(model, prefix[-1:] + model.encode("<next>"), 40, cache=cache)
    assert (step.text, step.finished) == (full.text, full.finished)
    assert step.logprob == pytest.approx(full.logprob, abs=0.02)  # int8 kernels: split prefill rounds differently


def test_line_values_point_at_assignment_lines(predictor):
    lines = DOC.splitlines()
    for line, label in predictor.line_values(DOC, "f", "f('hello', 2)"):
        name = label.split(" = ")[0]
        assert lines[line].strip().startswith(f"{name} =")


def test_unknown_function_is_an_error(predictor):
    with pytest.raises(ValueError):
        predictor.predict(DOC, "missing(1)")


def test_run_call_verified_runs_only_the_callee_in_the_sandbox():
    assert run_call_verified(DOC, "f('hello', 2)") == (True, "'HE'")
    ok, err = run_call_verified(DOC, "f('hi', 5)")
    assert not ok and err.startswith("IndexError")
    side_effect = "import os\nos.system('touch /tmp/never')\n\ndef h():\n    return 1\n"
    assert run_call_verified(side_effect, "h()") == (True, "1")  # module-level code is not run


def test_equal_values_compares_python_values():
    assert equal_values("[1, 2]", "[1,2]")
    assert equal_values("{'b': 1, 'a': 2}", "{'a': 2, 'b': 1}")
    assert equal_values("(1,)", "(1, )")
    assert not equal_values("'1'", "1")
    assert not equal_values("[1, 2", "[1, 2]")
    assert equal_values("float('inf')", "float('inf')")  # not a literal: evaluated in the sandbox


def test_close_literal_repairs_unfinished_values():
    from clairvoyant.execution.predictor import close_literal

    assert close_literal("[1, 1, 1,") == "[1, 1, 1,]"
    assert close_literal("'abcab") == "'abcab'"
    assert close_literal("{'a': [1, 2") == "{'a': [1, 2]}"
    assert ast.literal_eval(close_literal("[('a', 1), ('b")) == [("a", 1), "b"]
    assert close_literal("]]") is None
