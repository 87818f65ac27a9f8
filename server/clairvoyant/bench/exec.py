"""`clairvoyant bench exec --data FILE.jsonl --json`: model-only output prediction accuracy and latency.

Rows are CruxEval-style (`code`, `input`, `output`; the call is `f(<input>)`), or carry the call itself in
`call` (and `output` or `result`, as in the generated training data). A prediction is correct when
`eval(pred) == eval(output)` (evaluated in the sandbox, since predictions are model text).
"""

from __future__ import annotations

import ast
import json
import sys
import time
from pathlib import Path

from .stats import latency_summary


def add_parser(bench_subparsers) -> None:
    p = bench_subparsers.add_parser("exec", help="output-prediction accuracy on CruxEval-format rows")
    p.add_argument("--data", required=True, help="JSONL with code, input, output")
    p.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    p.add_argument("--limit", type=int, default=0, help="only the first N rows")
    p.add_argument("--strategy", choices=["direct", "scratchpad"], default="direct")
    p.add_argument("--candidates", type=int, default=1, help="priority-sampling candidates per prediction")
    p.add_argument("--models-dir", help="directory of models (default: the shipped ones)")
    p.add_argument("--model", default="exec-predictor")
    p.add_argument("--with-trace", action="store_true", help="also roll out the bounded trace, as the hover does")
    p.add_argument("--per-row", action="store_true", help="include one row per example")
    p.set_defaults(func=run)


def _literal(text: str):
    return ast.literal_eval(text.strip())


def equal_values(pred: str, expected: str) -> bool:
    """eval(pred) == eval(expected): literals directly, anything else in the sandbox."""
    try:
        return _literal(pred) == _literal(expected)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        pass
    try:
        ast.parse(pred.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return False
    from ..sandbox import run_python

    res = run_python(f"print(({pred.strip()}) == ({expected.strip()}))", timeout_s=2.0)
    return res.ok and res.stdout.strip() == "True"


def run(args) -> int:
    from ..execution.predictor import Predictor
    from ..runtime import ModelError, ModelRegistry

    try:
        rows = [json.loads(line) for line in Path(args.data).read_text().splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as e:
        print(f"clairvoyant bench exec: cannot read {args.data}: {e}", file=sys.stderr)
        return 2
    if args.limit:
        rows = rows[: args.limit]
    registry = ModelRegistry(args.models_dir)
    predictor = Predictor(registry, args.model, strategy=args.strategy, n_candidates=args.candidates)
    try:
        t0 = time.perf_counter()
        registry.get(args.model)
        load_ms = (time.perf_counter() - t0) * 1000
    except ModelError as e:
        print(f"clairvoyant bench exec: {e}", file=sys.stderr)
        return 3
    latencies, per_row, correct, skipped = [], [], 0, 0
    for row in rows:
        call = row.get("call") or f"f({row['input']})"
        try:
            pred = predictor.predict(row["code"], call, with_trace=args.with_trace)
        except ValueError as e:  # e.g. code longer than the model context: counted as wrong
            skipped += 1
            per_row.append({"id": row.get("id"), "error": str(e), "correct": False})
            continue
        expected = row["output"] if "output" in row else row["result"]
        ok = equal_values(pred.value, expected)
        correct += ok
        latencies.append(pred.latency_ms)
        per_row.append({"id": row.get("id"), "pred": pred.value, "output": expected, "correct": ok,
                        "confidence": round(pred.confidence, 4), "latency_ms": round(pred.latency_ms, 1)})  # fmt: skip
    model = registry.get(args.model)
    out = {
        "n": len(rows),
        "accuracy": round(correct / len(rows), 4) if rows else None,
        "correct": correct,
        "skipped_too_long": skipped,
        "latency_ms": latency_summary(latencies),
        "model": args.model,
        "model_version": model.manifest.raw.get("version"),
        "strategy": args.strategy,
        "candidates": args.candidates,
        "with_trace": args.with_trace,
        "model_load_ms": round(load_ms, 1),
        "data": str(args.data),
    }
    if args.per_row:
        out["rows"] = per_row
    print(json.dumps(out))
    return 0
