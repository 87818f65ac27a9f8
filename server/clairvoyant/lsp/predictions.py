"""Prediction and live-value caches for one version of the prediction settings."""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import Executor

from lsprotocol import types

from ..config import PredictionSettings

TRACE_BUDGET_MS = {False: 50.0, True: 1000.0}  # hover (interactive) / background trace rollouts
ENDPOINT_TIMEOUT_S = 20.0  # an external model answering a hover


def _code_key(source: str, function: str) -> str:
    """The minimal code ``function`` needs (so typing elsewhere in the file keeps the key), or the whole source."""
    from ..execution.callsite import prompt_code

    code = prompt_code(source, function)
    return code.code if code else source


class LruDict(OrderedDict):
    """An OrderedDict that keeps its ``size`` most recently stored entries."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size

    def put(self, key, value) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > self.size:
            self.popitem(last=False)


class PredictionCache:
    """Predictions keyed by the callee's code and the call, so typing elsewhere in the file keeps hovers instant.

    The first hover answers without the trace (fast); the trace is rolled out on the background pool and shown from
    the second hover on.
    """

    SIZE = 256

    def __init__(self, registry, settings: PredictionSettings, notifier, background: Executor):
        self.registry = registry
        self.settings = settings
        self.notifier = notifier
        self.background = background
        self.entries = LruDict(self.SIZE)
        self.lock = threading.Lock()
        self._predictors: dict[bool, object] = {}

    def predictor(self, background: bool = False):
        """The predictor for these settings; ``background`` ones may take longer over trace rollouts."""
        from ..execution.backends import make_predictor

        with self.lock:
            if background not in self._predictors:
                s = self.settings
                self._predictors[background] = make_predictor(
                    self.registry, backend=s.backend, model=s.model, strategy=s.strategy, candidates=s.candidates,
                    url=s.url, api_key_env=s.api_key_env, timeout_s=ENDPOINT_TIMEOUT_S,
                    trace_budget_ms=TRACE_BUDGET_MS[background])
            return self._predictors[background]

    def get(self, source: str, call: str):
        """The prediction of ``call`` in ``source`` (CannotPredict, ModelError or EndpointError when there is none)."""
        from ..execution.callsite import predictable_callee

        key = (_code_key(source, predictable_callee(call)), call)
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        pred = self.predictor().predict(source, call, with_trace=False)
        self._put(key, pred)
        if pred.backend == "onnx":
            self.background.submit(self._with_trace, key, source, call)
        return pred

    def _with_trace(self, key: tuple, source: str, call: str) -> None:
        try:
            self._put(key, self.predictor(background=True).predict(source, call, with_trace=True))
        except Exception as exc:  # noqa: BLE001 - the hover without a trace stays (a background thread)
            self.notifier.log_message(f"trace rollout for {call} failed: {exc}", types.MessageType.Warning)

    def _put(self, key: tuple, pred) -> None:
        with self.lock:
            old = self.entries.get(key)
            if old is not None and old.trace and not pred.trace:
                return
            self.entries.put(key, pred)

    def is_confident(self, pred) -> bool:
        """The prediction may be shown as a value at `prediction.minConfidence` (`Prediction.confident`)."""
        return pred.confident(self.settings.min_confidence)


class LiveValuesCache:
    """Actual values of traced sandbox runs (verified mode), keyed by the function's code and the call."""

    SIZE = 128

    def __init__(self, timeout_s: float):
        self.timeout_s = timeout_s
        self.entries = LruDict(self.SIZE)
        self.lock = threading.Lock()

    def get(self, source: str, function: str, call: str):
        from ..execution.live_values import live_values

        key = (_code_key(source, function), call)
        with self.lock:
            if key in self.entries:
                return self.entries[key]
        live = live_values(source, function, call, timeout_s=self.timeout_s)
        with self.lock:
            self.entries.put(key, live)
        return live
