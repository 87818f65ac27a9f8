"""The predictor for a set of prediction settings: the embedded ONNX model or an OpenAI-compatible endpoint."""

from __future__ import annotations

from ..endpoint import ChatEndpoint
from ..errors import CannotPredict
from .endpoint_predictor import EndpointPredictor
from .predictor import Predictor

BACKENDS = ("onnx", "openai")


def make_predictor(registry, *, backend: str = "onnx", model: str = "exec-predictor", strategy: str = "direct",
                   candidates: int = 3, url: str = "", api_key_env: str = "", timeout_s: float = 30.0,
                   trace_budget_ms: float = 50.0) -> Predictor | EndpointPredictor:  # fmt: skip
    """A predictor; `registry` serves the onnx backend, `url`/`model`/`api_key_env` the openai one."""
    if backend == "openai":
        if not url:
            raise CannotPredict("the openai prediction backend needs an endpoint URL (prediction.url / --url)")
        return EndpointPredictor(ChatEndpoint.configured(url, model, api_key_env, timeout_s), strategy)
    if backend != "onnx":
        raise ValueError(f"unknown backend {backend!r} (choose from {', '.join(BACKENDS)})")
    return Predictor(registry, model, strategy=strategy, n_candidates=candidates, trace_budget_ms=trace_budget_ms)
