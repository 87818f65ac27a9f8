"""Output prediction with the exec-predictor model (no execution), plus a sandboxed check of the real value.

Strategies:
  direct      the model writes the repr of the value after the prompt; the greedy value is the prediction and
              priority sampling gives runner-ups (complete Python values only).
  scratchpad  dynamic-scratchpad rollout: the model rewrites the called function's state one step at a time
              (`L4 | x=1 | ...`) until it writes `return <value>`; falls back to direct when it does not finish
              or the value does not parse.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass

import numpy as np

from ..errors import CannotPredict
from ..runtime import DecoderModel, greedy_decode, priority_sample
from ..sandbox import run_function_call
from .calibration import Calibration
from .callsite import (
    CallSite,
    PromptCode,
    assignment_lines,
    call_at,
    callee_name,
    example_calls,
    predictable_callee,
    prompt_code,
)
from .prompts import RETURN_PREFIX, direct_prompt, step_prompt
from .values import parses as _parses

__all__ = ["CallSite", "Prediction", "Predictor", "call_at", "example_calls", "run_call_verified"]

STRATEGIES = ("direct", "scratchpad")
MAX_VALUE_TOKENS = 48  # 99% of CruxEval outputs are <= 31 BPE tokens, <= 47 with legible literals (tokenization.py)
ALT_EXPANSIONS = 16  # model steps allowed per runner-up candidate
MAX_STATE_TOKENS = 160
MAX_ROLLOUT_STEPS = 48
_STATE = re.compile(r"^L(\d+)((?: \| .*)?)$")


@dataclass
class Prediction:
    """A predicted value. ``confidence`` is the calibrated probability that ``value`` is right (the raw model
    probability when the model has no calibration: ``calibrated`` False; None when a backend reports none)."""

    value: str
    confidence: float | None
    alternatives: list[tuple[str, float | None]]  # runner-ups: complete Python values only
    model: str
    strategy: str
    trace: list[str] | None
    latency_ms: float
    truncated: bool = False  # the model did not finish the value; it was cut at the last complete element
    raw_confidence: float | None = None  # the model's probability of the value, before calibration
    calibrated: bool = False
    backend: str = "onnx"
    prompt_tokens: int = 0  # length of the model's prompt (a calibration feature)

    def confident(self, threshold: float) -> bool:
        """Shown as a value: complete, and at or above ``threshold`` (a backend that reports no confidence is
        shown, labelled as such)."""
        return bool(self.value) and (self.confidence is None or self.confidence >= threshold)


_CLOSE = {"[": "]", "(": ")", "{": "}"}


def close_literal(text: str) -> str | None:
    """Turn an unfinished value (`[1, 2, 3, 4` or `'abcab`) into a parseable one by closing open strings and
    brackets, cutting back to the last complete element if needed; None when that does not work."""
    stack: list[str] = []
    quote = None
    cuts: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\":
                i += 1
            elif c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in _CLOSE:
            stack.append(c)
        elif c in ")]}" and stack:
            stack.pop()
        elif c == "," and stack:
            cuts.append((i, list(stack)))
        i += 1
    attempts = [text + (quote or "") + "".join(_CLOSE[b] for b in reversed(stack))]
    attempts += [text[:pos] + "".join(_CLOSE[b] for b in reversed(st)) for pos, st in reversed(cuts[-8:])]
    return next((a for a in attempts if _parses(a)), None)


def _parse_state(state: str) -> tuple[int, dict[str, str]] | None:
    """`L4 | x=1 | y='a'` -> (4, {"x": "1", "y": "'a'"})."""
    m = _STATE.match(state)
    if not m:
        return None
    values = {}
    for part in m.group(2).split(" | ")[1:]:
        name, sep, value = part.partition("=")
        if sep:
            values[name] = value
    return int(m.group(1)), values


class LiteralEnd:
    """Decoding constraint: end-of-sequence only once the text so far parses as a Python expression.

    Without it a small model happily stops after an opening quote (`'` then EOS is its most frequent bigram).
    """

    def __init__(self, model: DecoderModel):
        self.model = model
        self.not_eos = np.array([i for i in range(model.vocab_size) if i != model.eos_id], dtype=np.int64)

    def __call__(self, ids: list[int]):
        return None if ids and _parses(self.model.decode(ids)) else self.not_eos


class Predictor:
    """Predicts what a call returns, from the source of the document it is defined in."""

    def __init__(self, registry, model_name: str = "exec-predictor", strategy: str = "direct", n_candidates: int = 3,
                 trace_budget_ms: float = 50.0):  # fmt: skip
        """`trace_budget_ms`: total time for a direct prediction with its trace (`with_trace`); the trace
        rollout gets what the prediction left (at least one step)."""
        if strategy not in STRATEGIES:
            raise ValueError(f"unknown strategy {strategy!r} (choose from {', '.join(STRATEGIES)})")
        self.registry = registry
        self.model_name = model_name
        self.strategy = strategy
        self.n_candidates = n_candidates
        self.trace_budget_ms = trace_budget_ms

    @property
    def model(self) -> DecoderModel:
        return self.registry.get(self.model_name)

    @property
    def calibration(self) -> Calibration | None:
        return Calibration.from_manifest(self.model.manifest.raw.get("calibration"))

    def _literal_end(self, model: DecoderModel) -> LiteralEnd:
        if getattr(self, "_constraint", None) is None or self._constraint.model is not model:
            self._constraint = LiteralEnd(model)
        return self._constraint

    def _code(self, source: str, call: str) -> PromptCode:
        name = predictable_callee(call)
        code = prompt_code(source, name)
        if code is None:
            raise CannotPredict(f"`{name}` is not defined at the top level of the file")
        return code

    def _prompt_ids(self, text: str, reserve: int) -> list[int]:
        ids = self.model.encode(text)
        if len(ids) + reserve > self.model.n_ctx:
            raise CannotPredict(f"the function is too long for the model ({len(ids)} tokens with what it uses; "
                                f"the model reads at most {self.model.n_ctx - reserve})")  # fmt: skip
        return ids

    def predict(self, source: str, call: str, with_trace: bool = False) -> Prediction:
        """Predicted repr of `call`'s value (model only: nothing is executed)."""
        start = time.perf_counter()
        code = self._code(source, call).code
        value, raw, alternatives, trace, truncated = None, 0.0, [], None, False
        ids = self._prompt_ids(direct_prompt(code, call), 8)
        if self.strategy == "scratchpad":
            trace, final = self._rollout(code, call)
            if final is not None and _parses(final[0]):
                value, raw = final
        if value is None:
            value, raw, alternatives, truncated = self._direct(ids)
        if with_trace and self.strategy == "direct":
            left = self.trace_budget_ms - (time.perf_counter() - start) * 1000
            trace, _ = self._rollout(code, call, budget_ms=max(0.0, left))
        calibration = self.calibration
        calibrate = (lambda p, cut: calibration(p, len(ids), cut)) if calibration else (lambda p, cut: p)
        return Prediction(value, calibrate(raw, truncated), [(v, calibrate(p, False)) for v, p in alternatives],
                          self.model_name, self.strategy, trace, (time.perf_counter() - start) * 1000, truncated,
                          raw_confidence=raw, calibrated=calibration is not None, prompt_tokens=len(ids))  # fmt: skip

    def _direct(self, ids: list[int]) -> tuple[str, float, list[tuple[str, float]], bool]:
        """(greedy value, its probability, runner-ups that are complete values, whether the value was closed) for
        the direct prompt ``ids``."""
        model = self.model
        budget = min(MAX_VALUE_TOKENS, model.n_ctx - len(ids))
        cands = priority_sample(model, ids, self.n_candidates, budget, constraint=self._literal_end(model),
                                max_expansions=budget + ALT_EXPANSIONS * (self.n_candidates - 1))  # fmt: skip
        if not cands:
            return "", 0.0, [], False
        greedy, truncated, value = cands[0], False, cands[0].text  # priority sampling yields the greedy one first
        if not (greedy.finished and _parses(value)):
            closed = close_literal(value)
            value, truncated = (closed, True) if closed is not None else ("", False)
        alternatives = [(c.text, c.confidence) for c in cands[1:]
                        if c.finished and _parses(c.text) and c.text.strip() != value.strip()]  # fmt: skip
        return value, greedy.confidence, alternatives, truncated

    def _rollout(self, code: str, call: str, budget_ms: float | None = None):
        """Dynamic-scratchpad rollout: (states, (value, confidence) or None if it did not reach a return).

        The shared prefix (code and call) is encoded once; each step feeds only the current state after it.
        """
        model = self.model
        start = time.perf_counter()
        prefix = step_prompt(code, call, "").removesuffix("<next>")
        prefix_ids = self._prompt_ids(prefix, 8)
        _, prefix_cache = model.step(prefix_ids[:-1])
        states, state = [], ""
        for _ in range(MAX_ROLLOUT_STEPS):
            if budget_ms is not None and states and (time.perf_counter() - start) * 1000 > budget_ms:
                break
            ids = prefix_ids[-1:] + model.encode(state + "<next>")
            room = model.n_ctx - prefix_cache.length - len(ids)
            if room < 4:
                break
            step = greedy_decode(model, ids, min(MAX_STATE_TOKENS, room), cache=prefix_cache)
            state = step.text.strip()
            if not step.finished:
                break
            if state.startswith(RETURN_PREFIX):
                return states, (state[len(RETURN_PREFIX) :], step.confidence)
            if state in states[-1:] or _parse_state(state) is None:
                break  # no progress, or not a state
            states.append(state)
        return states, None

    def line_values(self, source: str, function: str, call: str) -> list[tuple[int, str]]:
        """(0-based document line, "x = 3") after each assignment line of `function`, from a predicted trace."""
        pc = prompt_code(source, function)
        if pc is None:
            return []
        assigned = assignment_lines(pc.code, function)
        states, _ = self._rollout(pc.code, call)
        parsed = [p for p in map(_parse_state, states) if p is not None]
        last: dict[int, str] = {}
        for (line, _), (_, after) in itertools.pairwise(parsed):
            if line in assigned:
                shown = [f"{n} = {after[n]}" for n in assigned[line] if n in after]
                if shown:
                    last[line] = ", ".join(shown)
        return sorted((pc.line_map[line - 1], text) for line, text in last.items() if 0 < line <= len(pc.line_map))


def run_call_verified(source: str, call: str, timeout_s: float = 2.0) -> tuple[bool, str]:
    """Run `call` for real in the sandbox on the callee's minimal code: (ok, repr of the value or the error)."""
    try:
        code = prompt_code(source, callee_name(call))
    except (SyntaxError, ValueError) as exc:
        return False, f"{type(exc).__name__}: {exc}"
    if code is None:
        return False, "function not found in the source"
    return run_function_call(code.code, call, timeout_s=timeout_s)
