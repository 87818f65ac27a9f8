"""`clairvoyant bench exec --data FILE.jsonl --json`: output-prediction accuracy, calibration and latency.

Rows are CruxEval-style (`code`, `input`, `output`; the call is `f(<input>)`), or carry the call itself in
`call` (and `output` or `result`, as in the generated training data). A prediction is correct when
`eval(pred) == eval(output)` (`execution.values.same_value`). Besides accuracy it reports how well the shown
confidence is calibrated (expected calibration error, 10 equal-width bins) and a risk-coverage table: for each
threshold t, the share of predictions with confidence ≥ t and their accuracy (what `prediction.minConfidence`
trades).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from ..config import PredictionSettings
from .stats import latency_summary


def add_parser(bench_subparsers) -> None:
    from ..cli.predict import add_backend_arguments

    p = bench_subparsers.add_parser("exec", help="output-prediction accuracy on CruxEval-format rows")
    p.add_argument("--data", required=True, help="JSONL with code, input, output")
    p.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    p.add_argument("--limit", type=int, default=0, help="only the first N rows")
    p.add_argument("--strategy", choices=["direct", "scratchpad"], default="direct")
    p.add_argument("--candidates", type=int, default=1, help="priority-sampling candidates per prediction")
    p.add_argument("--min-confidence", type=float, default=PredictionSettings().min_confidence,
                   help="threshold whose shown-prediction accuracy and coverage are reported")  # fmt: skip
    add_backend_arguments(p)
    p.add_argument("--with-trace", action="store_true", help="also roll out the bounded trace, as the hover does")
    p.add_argument("--per-row", action="store_true", help="include one row per example")
    p.set_defaults(func=run)


def calibration_report(confidences: list[float], correct: list[bool], threshold: float) -> dict:
    """ECE, risk-coverage and the shown-prediction numbers at `threshold`."""
    from ..execution.calibration import expected_calibration_error, risk_coverage

    shown = [ok for c, ok in zip(confidences, correct, strict=True) if c >= threshold]
    return {
        "ece_10_bins": round(expected_calibration_error(confidences, correct), 4) if confidences else None,
        "mean_confidence": round(sum(confidences) / len(confidences), 4) if confidences else None,
        "risk_coverage": risk_coverage(confidences, correct),
        "min_confidence": threshold,
        "shown_accuracy": round(sum(shown) / len(shown), 4) if shown else None,
        "shown_coverage": round(len(shown) / len(confidences), 4) if confidences else None,
    }


def run(args) -> int:
    from ..cli.predict import predictor_from
    from ..errors import CannotPredict, ClairvoyantError
    from ..execution.values import same_value

    try:
        rows = [json.loads(line) for line in Path(args.data).read_text().splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as e:
        print(f"clairvoyant bench exec: cannot read {args.data}: {e}", file=sys.stderr)
        return 2
    if args.limit:
        rows = rows[: args.limit]
    try:
        predictor = predictor_from(args, args.candidates)
        t0 = time.perf_counter()
        model = predictor.model if args.backend == "onnx" else None
        load_ms = (time.perf_counter() - t0) * 1000
    except ClairvoyantError as e:
        print(f"clairvoyant bench exec: {e}", file=sys.stderr)
        return 3
    latencies, per_row, correct, skipped, failed = [], [], 0, 0, 0
    confidences, oks = [], []
    for row in rows:
        call = row.get("call") or f"f({row['input']})"
        try:
            pred = predictor.predict(row["code"], call, with_trace=args.with_trace)
        except CannotPredict as e:  # e.g. code longer than the model context: counted as wrong
            skipped += 1
            per_row.append({"id": row.get("id"), "error": str(e), "correct": False, "confidence": 0.0})
            confidences.append(0.0)
            oks.append(False)
            continue
        except ClairvoyantError as e:  # an endpoint that failed on this row
            failed += 1
            per_row.append({"id": row.get("id"), "error": str(e), "correct": False, "confidence": 0.0})
            confidences.append(0.0)
            oks.append(False)
            continue
        expected = row["output"] if "output" in row else row["result"]
        ok = bool(pred.value) and same_value(pred.value, expected)
        correct += ok
        latencies.append(pred.latency_ms)
        confidence = pred.confidence if pred.confidence is not None else 1.0
        confidences.append(confidence)
        oks.append(ok)
        per_row.append({"id": row.get("id"), "pred": pred.value, "output": expected, "correct": ok,
                        "confidence": round(confidence, 4),
                        "raw_confidence": None if pred.raw_confidence is None else round(pred.raw_confidence, 4),
                        "truncated": pred.truncated, "latency_ms": round(pred.latency_ms, 1)})  # fmt: skip
    out = {
        "n": len(rows),
        "accuracy": round(correct / len(rows), 4) if rows else None,
        "correct": correct,
        "skipped_too_long": skipped,
        "endpoint_failures": failed,
        "latency_ms": latency_summary(latencies),
        "backend": args.backend,
        "model": predictor.model_name if model is not None else predictor.endpoint.model,
        "model_version": model.manifest.raw.get("version") if model is not None else None,
        "calibrated": bool(model is not None and predictor.calibration is not None),
        "strategy": args.strategy,
        "candidates": args.candidates,
        "with_trace": args.with_trace,
        "model_load_ms": round(load_ms, 1),
        "data": str(args.data),
        **calibration_report(confidences, oks, args.min_confidence),
    }
    if args.per_row:
        out["rows"] = per_row
    print(json.dumps(out))
    return 0
