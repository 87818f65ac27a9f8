"""The optional LLM generator against a fake OpenAI-compatible server on 127.0.0.1: describe → implement → test in
the sandbox → fix with feedback; hostile generated code is contained."""

from __future__ import annotations

import pytest

from clairvoyant.transforms import TransformError, TransformLibrary, synthesize
from clairvoyant.transforms.llm import LlmEndpoint
from fake_chat import FakeChat

EXAMPLES = [
    {"before": "if len(items) == 0:\n    print('empty')\n", "after": "if not items:\n    print('empty')\n"},
    {"before": "ok = len(self.errors) == 0\n", "after": "ok = not self.errors\n"},
]
FEEDBACK = [{"before": "if len(items) == 1:\n    pass\n", "after": "if len(items) == 1:\n    pass\n"}]

MODULE = '''```python
import libcst
import libcst.matchers as m

NAME = "len-zero"
TITLE = "Test emptiness with `not`"
DESCRIPTION = "Rewrite len(x) == 0 as not x."


class Transform(libcst.CSTTransformer):
    def leave_Comparison(self, original_node, updated_node):
        pattern = m.Comparison(
            left=m.Call(func=m.Name("len"), args=[m.Arg()]),
            comparisons=[m.ComparisonTarget(operator=m.Equal(), comparator=m.Integer(COMPARATOR))],
        )
        if m.matches(updated_node, pattern):
            return libcst.UnaryOperation(operator=libcst.Not(), expression=updated_node.left.args[0].value)
        return updated_node
```'''
BUGGY = MODULE.replace("m.Integer(COMPARATOR)", "m.Integer()")
FIXED = MODULE.replace("m.Integer(COMPARATOR)", 'm.Integer("0")')


def test_describe_implement_test_fix_loop(tmp_path):
    with FakeChat(["- len(x) == 0 becomes not x; other lengths stay.", BUGGY, FIXED]) as chat:
        endpoint = LlmEndpoint(chat.url, "fake-model", "secret-key")
        result = synthesize(EXAMPLES, "len-zero", FEEDBACK, generator="llm", llm=endpoint, budget_s=60)
    assert result.ok and result.status == "ok" and result.iterations == 2
    assert [r["path"] for r in chat.requests] == ["/v1/chat/completions"] * 3
    assert chat.requests[0]["auth"] == "Bearer secret-key" and chat.requests[0]["model"] == "fake-model"
    fix_request = chat.requests[2]["messages"][-1]["content"]
    assert "wrong output" in fix_request and "len(items) == 1" in fix_request, "failures are fed back"
    (tmp_path / "len-zero.py").write_text(result.module_source)
    library = TransformLibrary().with_directory(tmp_path)
    source = "def f(rows):\n    if len(rows) == 0:\n        return 1\n    return len(rows) == 1\n"
    (app,) = library.find_applications(source)
    assert app.transform == "len-zero"
    assert library.apply("len-zero", source) == source.replace("len(rows) == 0", "not rows")


def test_hostile_generated_code_stays_in_the_sandbox(tmp_path):
    target = tmp_path / "pwned.txt"
    hostile = f"```python\nopen({str(target)!r}, 'w').write('x')\nNAME = TITLE = DESCRIPTION = 'x'\n```"
    with FakeChat(["description", hostile] * 6) as chat:
        result = synthesize(EXAMPLES, "len-zero", FEEDBACK, generator="llm", llm=LlmEndpoint(chat.url, "m"),
                            budget_s=30)
    assert not target.exists(), "generated code must not write outside its temp dir"
    assert not result.ok and result.status == "failed"
    assert all(r["error"] for r in result.report)


def test_unreachable_endpoint_is_a_clear_error():
    with pytest.raises(TransformError, match="LLM endpoint .* failed"):
        synthesize(EXAMPLES, "len-zero", generator="llm", llm=LlmEndpoint("http://127.0.0.1:9", "m", timeout_s=2))
    with pytest.raises(TransformError, match="needs an endpoint"):
        synthesize(EXAMPLES, "len-zero", generator="llm")
