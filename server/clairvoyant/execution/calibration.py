"""Confidence that means something: calibration of the predictor's raw sequence probability.

A small logistic model maps features of a prediction (the raw probability of the greedy value, how long the
prompt code is, whether the value had to be closed) to the probability that the value is right. It is fitted on
held-out *generated* functions (`scripts/exec/calibrate.py`), stored in the model's manifest under
`calibration`, and checked on CruxEval by `clairvoyant bench exec` (expected calibration error, risk-coverage).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

FEATURES = ("logit_raw_confidence", "log_code_tokens", "truncated", "bias")
THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def features(raw_confidence: float, code_tokens: int, truncated: bool) -> np.ndarray:
    p = min(max(raw_confidence, 1e-6), 1 - 1e-6)
    return np.array([math.log(p / (1 - p)), math.log1p(code_tokens), float(truncated), 1.0])


@dataclass(frozen=True)
class Calibration:
    """p(right) = sigmoid(w · features)."""

    weights: tuple[float, ...]

    @classmethod
    def from_manifest(cls, raw: dict | None) -> Calibration | None:
        """The calibration stored in a manifest, or None when there is none (or it is for other features)."""
        if not raw or raw.get("method") != "logistic" or tuple(raw.get("features", ())) != FEATURES:
            return None
        return cls(tuple(float(w) for w in raw["weights"]))

    def __call__(self, raw_confidence: float, code_tokens: int, truncated: bool) -> float:
        z = float(np.dot(self.weights, features(raw_confidence, code_tokens, truncated)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_manifest(self, **meta) -> dict:
        return {"method": "logistic", "features": list(FEATURES), "weights": [round(w, 5) for w in self.weights],
                **meta}  # fmt: skip


def fit(x: np.ndarray, y: np.ndarray, l2: float = 1e-2, iterations: int = 50) -> Calibration:
    """L2-regularised logistic regression by Newton's method (features as rows of ``x``, 0/1 labels ``y``)."""
    w = np.zeros(x.shape[1])
    reg = l2 * np.eye(x.shape[1])
    reg[-1, -1] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w, -30, 30)))
        grad = x.T @ (p - y) + reg @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + reg + 1e-9 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return Calibration(tuple(float(v) for v in w))


def expected_calibration_error(confidence, correct, bins: int = 10) -> float:
    """ECE over ``bins`` equal-width confidence bins: sum over bins of (share of rows) × |accuracy − confidence|."""
    conf, ok = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)
    if conf.size == 0:
        return float("nan")
    index = np.minimum((conf * bins).astype(int), bins - 1)
    ece = 0.0
    for b in range(bins):
        sel = index == b
        if sel.any():
            ece += sel.mean() * abs(ok[sel].mean() - conf[sel].mean())
    return float(ece)


def risk_coverage(confidence, correct, thresholds=THRESHOLDS) -> list[dict]:
    """For each threshold t: the share of predictions with confidence ≥ t (coverage) and their accuracy."""
    conf, ok = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)
    rows = []
    for t in thresholds:
        sel = conf >= t
        rows.append({"threshold": t, "coverage": round(float(sel.mean()), 4) if conf.size else 0.0,
                     "shown": int(sel.sum()), "accuracy": round(float(ok[sel].mean()), 4) if sel.any() else None})  # fmt: skip
    return rows
