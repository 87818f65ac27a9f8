"""`clairvoyant predict FILE --call EXPR`: what the call returns, predicted by the exec-predictor model."""

from __future__ import annotations

import json
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("predict", help="predict the value of a Python call without running it")
    p.add_argument("file", help="Python file that defines the called function")
    p.add_argument("--call", required=True, help="call expression, e.g. \"f('abc', 2)\"")
    p.add_argument("--strategy", choices=["direct", "scratchpad"], default="direct")
    p.add_argument("--trace", action="store_true", help="also show the predicted execution trace")
    p.add_argument("--verify", action="store_true", help="also run the call in the sandbox and compare")
    p.add_argument("--candidates", type=int, default=3, help="distinct candidates from priority sampling")
    p.add_argument("--models-dir", help="directory of models (default: the shipped ones)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def run(args) -> int:
    from clairvoyant.execution.predictor import Predictor, run_call_verified
    from clairvoyant.runtime import ModelError, ModelRegistry

    path = Path(args.file)
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as e:
        print(f"clairvoyant predict: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    predictor = Predictor(ModelRegistry(args.models_dir), strategy=args.strategy, n_candidates=args.candidates)
    try:
        pred = predictor.predict(source, args.call, with_trace=args.trace)
    except (SyntaxError, ValueError) as e:
        print(f"clairvoyant predict: {e}", file=sys.stderr)
        return 2
    except ModelError as e:
        print(f"clairvoyant predict: {e}", file=sys.stderr)
        return 3
    out = {"call": args.call, "value": pred.value, "confidence": round(pred.confidence, 4),
           "alternatives": [[v, round(c, 4)] for v, c in pred.alternatives], "model": pred.model,
           "strategy": pred.strategy, "truncated": pred.truncated, "latency_ms": round(pred.latency_ms, 1)}  # fmt: skip
    if args.trace:
        out["trace"] = pred.trace
    if args.verify:
        ok, actual = run_call_verified(source, args.call)
        out["verified"] = {"ok": ok, "actual": actual, "match": ok and _same(pred.value, actual)}
    if args.json:
        print(json.dumps(out))
        return 0
    cut = " (unfinished by the model; closed at the last complete element)" if pred.truncated else ""
    print(f"{args.call} -> {pred.value}   ({pred.model}, {pred.strategy}, confidence {pred.confidence:.2f}, "
          f"{pred.latency_ms:.0f} ms){cut}")  # fmt: skip
    for value, conf in pred.alternatives:
        print(f"  or {value}   (confidence {conf:.2f})")
    if args.trace and pred.trace:
        print("predicted trace:")
        for state in pred.trace:
            print(f"  {state}")
    if args.verify:
        v = out["verified"]
        print("✓ matches the real value" if v["match"] else f"✗ actual: {v['actual']}")
    return 0


def _same(predicted: str, actual: str) -> bool:
    """Values are equal as Python literals (falls back to text equality)."""
    import ast

    try:
        return ast.literal_eval(predicted) == ast.literal_eval(actual)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return predicted.strip() == actual.strip()
