"""The `openai` prediction backend: an OpenAI-compatible chat model predicts the value; nothing is executed.

Two prompts: `direct` asks for the value alone (its probability comes from the endpoint's log-probabilities when
it reports them); `scratchpad` asks the model to reason step by step and end with `ANSWER: <value>`, which is
parsed. Either way the answer must be one complete Python value, or the prediction says so.
"""

from __future__ import annotations

import re
import time

from ..endpoint import ChatEndpoint
from ..errors import CannotPredict
from .callsite import callee_name, prompt_code
from .predictor import STRATEGIES, Prediction, close_literal
from .values import parses

SYSTEM = ("You predict what Python code returns without running it. The user gives a function and a call; "
          "you answer with the repr() of the returned value as CPython 3.11 prints it.")
DIRECT = "```python\n{code}\n```\nWhat does `{call}` return? Reply with the Python value only, no words, no code fence."
STEP_BY_STEP = ("```python\n{code}\n```\nWhat does `{call}` return? Think step by step, tracking the variables, then "
                "finish with one line `ANSWER: <value>` holding the repr() of the returned value.")
_ANSWER = re.compile(r"ANSWER:\s*(.+?)\s*$", re.MULTILINE)
_FENCE = re.compile(r"^```(?:python|py)?\s*|\s*```$")


def parse_answer(reply: str, step_by_step: bool) -> str | None:
    """The value in a reply: the last `ANSWER:` line (step by step) or the whole reply, without code fences,
    backticks or an `assert f(...) == ` prefix; None when it is not one Python value."""
    text = reply.strip()
    if step_by_step:
        answers = _ANSWER.findall(text)
        if not answers:
            return None
        text = answers[-1]
    text = _FENCE.sub("", text.strip()).strip().strip("`").strip()
    if text.startswith("assert ") and "==" in text:
        text = text.split("==", 1)[1].strip()
    return text if text and parses(text) else None


class EndpointPredictor:
    """Same interface as `Predictor`: `predict(source, call)` -> Prediction, from an external chat model."""

    def __init__(self, endpoint: ChatEndpoint, strategy: str = "direct"):
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r} (choose from {', '.join(STRATEGIES)})")
        self.endpoint = endpoint
        self.strategy = strategy

    def predict(self, source: str, call: str, with_trace: bool = False) -> Prediction:
        start = time.perf_counter()
        try:
            code = prompt_code(source, callee_name(call))
        except (SyntaxError, ValueError):
            raise CannotPredict(f"`{call}` is not a call of a function or of a method on a new instance") from None
        if code is None:
            raise CannotPredict(f"`{callee_name(call)}` is not defined at the top level of the file")
        step_by_step = self.strategy == "scratchpad"
        template = STEP_BY_STEP if step_by_step else DIRECT
        reply = self.endpoint.chat([{"role": "system", "content": SYSTEM},
                                    {"role": "user", "content": template.format(code=code.code, call=call)}],
                                   max_tokens=None if step_by_step else 256, logprobs=not step_by_step)  # fmt: skip
        value = parse_answer(reply.content, step_by_step)
        truncated = False
        if value is None and not step_by_step:
            closed = close_literal(reply.content.strip())
            value, truncated = (closed, True) if closed is not None else (None, False)
        confidence = None if step_by_step else reply.probability
        return Prediction(value or "", 0.0 if value is None else confidence, [], self.endpoint.model or "endpoint",
                          self.strategy, None, (time.perf_counter() - start) * 1000, truncated,
                          raw_confidence=confidence, calibrated=False, backend="openai")  # fmt: skip
