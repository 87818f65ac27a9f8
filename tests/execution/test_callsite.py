"""Call sites under the cursor, example calls and the minimal prompt code."""

from __future__ import annotations

from clairvoyant.execution.callsite import call_at, example_calls, prompt_code

DOC = '''import math

LIMIT = 3
WORDS = ["a", "bb"]


def helper(x):
    return x * LIMIT


def f(nums, k=1):
    """Scale.

    >>> f([1, 2], 3)
    """
    # a comment
    out = []
    for n in nums:
        out.append(helper(n) + k)
    return out


def g(s):
    return s.upper()


def unrelated():
    return math.pi


print(f(WORDS, k=2), g(name))
data = [4, 5]
f(data)
g("é" + "x")
g("ü")
'''


def pos(text: str, needle: str, offset: int = 0) -> tuple[int, int]:
    idx = text.index(needle) + offset
    line = text.count("\n", 0, idx)
    return line, idx - (text.rfind("\n", 0, idx) + 1)


def test_call_at_substitutes_names_bound_to_literals():
    site = call_at(DOC, *pos(DOC, "f(WORDS", 1))
    assert site is not None
    assert site.function == "f" and site.call == "f(['a', 'bb'], k=2)"
    assert site.start == pos(DOC, "f(WORDS") and site.end == pos(DOC, ", g(name)")


def test_call_at_rejects_unbound_arguments_and_unknown_callees():
    assert call_at(DOC, *pos(DOC, "g(name)", 1)) is None  # `name` is not bound to a literal
    assert call_at(DOC, *pos(DOC, "print(", 1)) is None  # print is not defined in the document
    assert call_at(DOC, *pos(DOC, "helper(n)", 1)) is None  # n is a loop variable
    assert call_at("def f(:\n", 0, 0) is None


def test_call_at_uses_the_latest_binding_and_character_columns():
    assert call_at(DOC, *pos(DOC, "f(data)", 1)).call == "f([4, 5])"
    assert call_at(DOC, *pos(DOC, 'g("é" + "x")', 1)) is None  # an expression, not a literal
    line, col = pos(DOC, 'g("ü")')
    site = call_at(DOC, line, col + 2)
    assert site is not None and site.call == "g('ü')"
    assert site.start == (line, col) and site.end == (line, col + 6)  # characters, not UTF-8 bytes


def test_example_calls_prefers_doctest_then_calls_in_file():
    assert example_calls(DOC) == {"f": "f([1, 2], 3)", "g": "g('ü')"}


def test_prompt_code_keeps_only_what_the_function_needs():
    pc = prompt_code(DOC, "f")
    assert pc.code.splitlines() == [
        "LIMIT = 3",
        "def helper(x):",
        "    return x * LIMIT",
        "def f(nums, k=1):",
        "    out = []",
        "    for n in nums:",
        "        out.append(helper(n) + k)",
        "    return out",
    ]
    lines = DOC.splitlines()
    assert [lines[i].rstrip() for i in pc.line_map] == pc.code.splitlines()
    assert prompt_code(DOC, "missing") is None
