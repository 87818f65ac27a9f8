"""Tracer: line and opcode traces, bounds, timeouts and the three serialisations."""

from __future__ import annotations

from clairvoyant.execution.sandboxed_trace import trace_call_sandboxed
from clairvoyant.execution.tracer import Trace, format_compact, format_dynamic, format_full, trace_call

SRC = """def double(x):
    return x * 2

def f(nums):
    out = []
    for n in nums:
        out.append(double(n))
    return out
"""


def test_line_trace_records_lines_changes_and_result():
    t = trace_call(SRC, "f([1, 2])")
    assert t.result == "[2, 4]" and t.error is None and not t.truncated
    top = [(s.line, s.changes) for s in t.steps if s.depth == 0 and s.event == "line"]
    assert top == [
        (5, {"nums": "[1, 2]"}),
        (6, {"out": "[]"}),
        (7, {"n": "1"}),
        (6, {"out": "[2]"}),
        (7, {"n": "2"}),
        (6, {"out": "[2, 4]"}),
        (8, {}),
    ]
    inner = [s for s in t.steps if s.depth == 1]
    assert [s.changes.get("x") for s in inner if s.event == "line"] == ["1", "2"]
    assert [s.changes["<return>"] for s in inner if s.event == "return"] == ["2", "4"]


def test_exception_is_recorded():
    t = trace_call("def f(x):\n    y = x + 1\n    return y // 0\n", "f(1)")
    assert t.result is None and t.error == "ZeroDivisionError: integer division or modulo by zero"
    assert any(s.event == "exception" for s in t.steps)


def test_opcode_mode_records_instructions():
    t = trace_call(SRC, "f([1])", mode="opcode")
    ops = [s.op for s in t.steps if s.event == "opcode"]
    assert "BINARY_OP" in ops and "FOR_ITER" in ops
    assert len(t.steps) > len(trace_call(SRC, "f([1])").steps)
    assert t.result == "[2]"


def test_trace_is_bounded_but_result_still_computed():
    t = trace_call("def f(n):\n    s = 0\n    for i in range(n):\n        s += i\n    return s\n", "f(20000)",
                   max_steps=100)  # fmt: skip
    assert t.truncated and len(t.steps) == 100 and t.result == str(sum(range(20000)))


def test_timeout_cannot_be_swallowed_by_user_code():
    src = "def f():\n    while True:\n        try:\n            pass\n        except Exception:\n            pass\n"
    t = trace_call(src, "f()", timeout_s=0.3)
    assert t.error is not None and t.error.startswith("TraceTimeout")


def test_huge_values_are_abbreviated_in_steps():
    t = trace_call("def f(n):\n    big = list(range(n))\n    return len(big)\n", "f(100000)")
    assert t.result == "100000"
    assert all(len(v) <= 200 for s in t.steps for v in s.changes.values())


def test_full_format_shows_every_step_with_source():
    t = trace_call(SRC, "f([1])")
    text = format_full(t, SRC)
    assert "line d0 L5: nums=[1] | out = []" in text
    assert "line d1 L2: x=1 | return x * 2" in text
    assert text.splitlines()[-1] == "return [2]"


def test_compact_format_is_the_called_function_only():
    t = trace_call(SRC, "f([1])")
    assert format_compact(t).splitlines() == ["L5 nums=[1]", "L6 out=[]", "L7 n=1", "L6 out=[2]", "L8", "return [2]"]


def test_dynamic_format_states_are_self_contained():
    t = trace_call(SRC, "f([1, 2])")
    states = format_dynamic(t)
    assert states[0] == "L5 | nums=[1, 2]"
    assert states[3] == "L6 | nums=[1, 2] | out=[2] | n=1"  # every local, not only the changed one
    assert states[-1] == "return [2, 4]"
    assert format_dynamic(trace_call("def f():\n    return 1 // 0\n", "f()"))[-1].startswith("raise ZeroDivisionError")


def test_trace_roundtrips_through_dict():
    t = trace_call(SRC, "f([3])")
    assert Trace.from_dict(t.to_dict()) == t


def test_sandboxed_trace_matches_and_contains_side_effects(tmp_path):
    t = trace_call_sandboxed(SRC, "f([1, 2])")
    assert t == trace_call(SRC, "f([1, 2])")
    victim = tmp_path / "x"
    bad = trace_call_sandboxed(f"def f():\n    open({str(victim)!r}, 'w').write('x')\n", "f()")
    assert bad.error.startswith("PermissionError") and not victim.exists()
