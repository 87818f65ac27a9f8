"""The optional LLM generator: an OpenAI-compatible chat model writes the libcst transform, the sandbox tests it.

The loop follows the paper's chain of thought: *describe* what the examples change (and when they must not),
*implement* a libcst module, *test* it by running it on the examples and the feedback set in the sandbox, and *fix*
it with the failures (expected vs actual, exceptions) until every case passes or the budget runs out. Generated code
only ever runs inside `clairvoyant.sandbox`; the result is a plain `libcst.CSTTransformer` module that the library
loads like any workspace transform.
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import libcst

from clairvoyant.endpoint import ChatEndpoint
from clairvoyant.errors import EndpointError
from clairvoyant.sandbox import run_python
from clairvoyant.transforms.errors import TransformError
from clairvoyant.transforms.result import SynthesisResult

MAX_ROUNDS = 6
SYSTEM = ("You are an expert Python tooling engineer. You write small, precise source-code transformations with "
          "libcst. You answer exactly in the format asked for.")
MODULE_CONTRACT = """Write one complete Python module that:
- defines NAME = {name!r}, TITLE (a short quick-fix title in plain words) and DESCRIPTION (one sentence);
- defines `class Transform(libcst.CSTTransformer)` whose `leave_*` methods perform the rewrite, using
  `libcst.matchers` (imported as `m`) to state declaratively what is matched;
- changes only the nodes that must change, keeps comments and formatting, and leaves every other input unchanged
  (near-miss inputs must come out byte-for-byte identical);
- imports only `libcst`, `libcst.matchers` and the standard library, and does no I/O.
Reply with the module in a single ```python code block and nothing else."""

HARNESS = """
import importlib.util, json
import libcst
spec = importlib.util.spec_from_file_location("candidate", "candidate.py")
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
for attr in ("NAME", "TITLE", "DESCRIPTION", "Transform"):
    if not hasattr(module, attr):
        raise SystemExit("the module defines no " + attr)
results = []
for case in json.load(open("cases.json", encoding="utf-8")):
    try:
        results.append({"out": libcst.parse_module(case).visit(module.Transform()).code})
    except Exception as exc:
        results.append({"error": type(exc).__name__ + ": " + str(exc)})
print(json.dumps(results))
"""


@dataclass(frozen=True)
class LlmEndpoint(ChatEndpoint):
    """Where the chat model that writes transforms lives: an OpenAI-compatible endpoint."""

    @classmethod
    def from_env(cls) -> LlmEndpoint | None:
        """From ``CLAIRVOYANT_LLM_URL``, ``CLAIRVOYANT_LLM_MODEL`` and ``CLAIRVOYANT_LLM_API_KEY``; None if unset."""
        url = os.environ.get("CLAIRVOYANT_LLM_URL", "")
        if not url:
            return None
        return cls(url, os.environ.get("CLAIRVOYANT_LLM_MODEL", ""), os.environ.get("CLAIRVOYANT_LLM_API_KEY", ""))

    def complete(self, messages: list[dict]) -> str:
        """One chat completion; TransformError with the reason when the endpoint fails."""
        try:
            return self.chat(messages).content
        except EndpointError as exc:
            raise TransformError(str(exc).replace("the endpoint", "the LLM endpoint", 1)) from None


def _examples_text(cases: list[dict]) -> str:
    parts = []
    for i, case in enumerate(cases, 1):
        kind = "must stay unchanged" if case["before"] == case["after"] else "before -> after"
        parts.append(f"Example {i} ({kind}):\n```python\n{case['before']}```\n"
                     + ("" if case["before"] == case["after"] else f"becomes\n```python\n{case['after']}```\n"))
    return "\n".join(parts)


def extract_code(reply: str) -> str:
    """The first fenced Python block of a reply (or the whole reply when it has none)."""
    match = re.search(r"```(?:python|py)?\s*\n(.*?)```", reply, re.DOTALL)
    return (match.group(1) if match else reply).strip() + "\n"


def _same(a: str, b: str) -> bool:
    try:
        return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))
    except (SyntaxError, ValueError):
        return a == b


def run_candidate(module_source: str, cases: list[dict], timeout_s: float = 20.0) -> list[dict]:
    """Run the candidate on every case's ``before`` in the sandbox: [{"out"} | {"error"}] per case."""
    libcst_root = str(Path(libcst.__file__).resolve().parent.parent)
    result = run_python(HARNESS, timeout_s=timeout_s, memory_mb=1024, extra_paths=(libcst_root,),
                        files={"candidate.py": module_source,
                               "cases.json": json.dumps([c["before"] for c in cases])})
    if not result.ok:
        error = result.error or "the module failed"
        return [{"error": f"module failed in the sandbox: {error}"} for _ in cases]
    try:
        return json.loads(result.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [{"error": "the harness printed no results"} for _ in cases]


def _report(cases: list[dict], outcomes: list[dict]) -> list[dict]:
    report = []
    for case, outcome in zip(cases, outcomes):
        out, error = outcome.get("out"), outcome.get("error")
        changed = out is not None and out != case["before"]
        ok = error is None and (out == case["before"] if case["before"] == case["after"] else _same(out, case["after"]))
        report.append({"id": case.get("id", ""), "role": case["role"], "expected_change": case["before"] != case["after"],
                       "changed": changed, "ok": ok, "error": error, "out": out})
    return report


def _failures_text(cases: list[dict], report: list[dict]) -> str:
    lines = []
    for i, (case, r) in enumerate(zip(cases, report), 1):
        if r["ok"]:
            continue
        if r["error"]:
            lines.append(f"Case {i}: raised {r['error']}\ninput:\n```python\n{case['before']}```")
        else:
            diff = "".join(difflib.unified_diff(case["after"].splitlines(True), (r["out"] or "").splitlines(True),
                                                "expected", "actual"))
            lines.append(f"Case {i}: wrong output\n```diff\n{diff}```")
    return "\n\n".join(lines[:8])


def synthesize_with_llm(examples: list[dict], name: str, feedback: list[dict] | None, endpoint: LlmEndpoint,
                        budget_s: float = 120.0, title: str | None = None) -> SynthesisResult:
    """Describe → implement → test (sandbox) → fix with feedback, within ``budget_s``."""
    started = time.monotonic()
    cases = [{**c, "role": "example"} for c in examples] + [{**c, "role": "feedback"} for c in (feedback or [])]
    conversation = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": "Here are before/after examples of one code transformation.\n\n"
         + _examples_text(examples) + "\nDescribe precisely, as a short bullet list, what the transformation "
         "changes, what it keeps, and when it must NOT apply."},
    ]
    conversation.append({"role": "assistant", "content": endpoint.complete(conversation)})
    conversation.append({"role": "user", "content": MODULE_CONTRACT.format(name=name)})
    best: tuple[int, str, list[dict]] | None = None
    rounds = 0
    while rounds < MAX_ROUNDS and time.monotonic() - started < budget_s:
        rounds += 1
        reply = endpoint.complete(conversation)
        source = extract_code(reply)
        conversation.append({"role": "assistant", "content": reply})
        try:
            compile(source, f"{name}.py", "exec")
            report = _report(cases, run_candidate(source, cases))
        except SyntaxError as exc:
            report = _report(cases, [{"error": f"SyntaxError: {exc}"} for _ in cases])
        passed = sum(r["ok"] for r in report)
        if best is None or passed > best[0]:
            best = (passed, source, report)
        if passed == len(cases):
            break
        conversation.append({"role": "user", "content": "The module fails these cases:\n\n"
                             + _failures_text(cases, report) + "\n\nFix it. " + MODULE_CONTRACT.format(name=name)})
    passed, source, report = best
    wrong = any(r["changed"] and not r["ok"] for r in report)
    ok = passed == len(cases)
    status = "ok" if ok else ("precise-only" if not wrong and passed else "failed")
    header = (f'"""{title or name}: written by an LLM ({endpoint.model or "chat model"}) and validated in the sandbox '
              f'on {len(examples)} examples and {len(feedback or [])} feedback cases; {passed} of {len(cases)} pass."""\n')
    if not source.lstrip().startswith(('"""', "'''")):
        source = header + source
    for r in report:
        r.pop("out", None)
    return SynthesisResult(name, source, report, ok, not wrong, round(time.monotonic() - started, 3), rounds, 0,
                           status)
