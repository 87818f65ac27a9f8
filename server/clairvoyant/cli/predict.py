"""`clairvoyant predict FILE --call EXPR`: what the call returns, predicted by the embedded model or an endpoint."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from clairvoyant.config import PredictionSettings

DEFAULTS = PredictionSettings()


def add_backend_arguments(p) -> None:
    """--backend / --url / --model / --api-key-env, shared with `bench exec`."""
    p.add_argument("--backend", choices=["onnx", "openai"], default=DEFAULTS.backend,
                   help="embedded ONNX model (default) or an OpenAI-compatible endpoint")  # fmt: skip
    p.add_argument("--url", default="", help="openai backend: endpoint base URL, e.g. http://127.0.0.1:8080/v1")
    p.add_argument("--model", default=None, help="onnx: model directory name; openai: the endpoint's model name")
    p.add_argument("--api-key-env", default=DEFAULTS.api_key_env, help="environment variable with the API key")
    p.add_argument("--timeout", type=float, default=60.0, help="openai backend: seconds to wait for an answer")
    p.add_argument("--models-dir", help="directory of models (default: the shipped ones)")


def predictor_from(args, candidates: int):
    """The predictor the backend arguments describe."""
    from clairvoyant.execution.backends import make_predictor
    from clairvoyant.runtime import ModelRegistry

    model = args.model or ("exec-predictor" if args.backend == "onnx" else "")
    return make_predictor(ModelRegistry(args.models_dir), backend=args.backend, model=model, strategy=args.strategy,
                          candidates=candidates, url=args.url, api_key_env=args.api_key_env, timeout_s=args.timeout)  # fmt: skip


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("predict", help="predict the value of a Python call without running it")
    p.add_argument("file", help="Python file that defines the called function")
    p.add_argument("--call", required=True, help="call expression, e.g. \"f('abc', 2)\"")
    p.add_argument("--strategy", choices=["direct", "scratchpad"], default="direct",
                   help="onnx: direct value or scratchpad rollout; openai: direct or step-by-step prompt")  # fmt: skip
    p.add_argument("--trace", action="store_true", help="also show the predicted execution trace")
    p.add_argument("--verify", action="store_true", help="also run the call in the sandbox and compare")
    p.add_argument("--candidates", type=int, default=DEFAULTS.candidates, help="distinct candidates (runner-ups)")
    p.add_argument("--min-confidence", type=float, default=DEFAULTS.min_confidence,
                   help="below this calibrated confidence the prediction is reported as not sure")  # fmt: skip
    add_backend_arguments(p)
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.set_defaults(func=run)


def _conf(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def run(args) -> int:
    from clairvoyant.errors import ClairvoyantError
    from clairvoyant.execution.predictor import run_call_verified
    from clairvoyant.execution.values import same_value

    path = Path(args.file)
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        print(f"clairvoyant predict: cannot read {path}: {getattr(e, 'strerror', None) or e}", file=sys.stderr)
        return 2
    try:
        pred = predictor_from(args, args.candidates).predict(source, args.call, with_trace=args.trace)
    except (SyntaxError, ValueError) as e:
        print(f"clairvoyant predict: {e}", file=sys.stderr)
        return 2
    except ClairvoyantError as e:
        print(f"clairvoyant predict: {e}", file=sys.stderr)
        return 3
    confident = pred.confident(args.min_confidence)
    out = {"call": args.call, "value": pred.value, "confidence": _conf(pred.confidence), "confident": confident,
           "calibrated": pred.calibrated, "raw_confidence": _conf(pred.raw_confidence),
           "alternatives": [[v, _conf(c)] for v, c in pred.alternatives], "model": pred.model,
           "backend": pred.backend, "strategy": pred.strategy, "truncated": pred.truncated,
           "latency_ms": round(pred.latency_ms, 1)}  # fmt: skip
    if args.trace:
        out["trace"] = pred.trace
    if args.verify:
        ok, actual = run_call_verified(source, args.call)
        out["verified"] = {"ok": ok, "actual": actual, "match": ok and bool(pred.value) and same_value(pred.value, actual)}
    if args.json:
        print(json.dumps(out))
        return 0
    conf = "confidence not reported" if pred.confidence is None else f"confidence {pred.confidence:.2f}"
    cut = " (unfinished by the model; closed at the last complete element)" if pred.truncated else ""
    label = "predicted" if confident else f"not sure (below {args.min_confidence:.2f}); best guess"
    print(f"{args.call} -> {label}: {pred.value or '(no value)'}   ({pred.model}, {pred.strategy}, {conf}, "
          f"{pred.latency_ms:.0f} ms){cut}")  # fmt: skip
    for value, c in pred.alternatives:
        print(f"  or {value}   ({'confidence not reported' if c is None else f'confidence {c:.2f}'})")
    if args.trace and pred.trace:
        print("predicted trace:")
        for state in pred.trace:
            print(f"  {state}")
    if args.verify:
        v = out["verified"]
        status = "✓ the prediction is right" if v["match"] else "✗ the prediction differs" if v["ok"] else "the run failed"
        print(f"actual: {v['actual']}   ({status})")
    return 0
