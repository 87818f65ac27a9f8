"""`clairvoyant bench llvm --dir DIR --json`: the optimizer (and optionally the autotuner) against -Oz."""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def add_parser(bench_subparsers) -> None:
    p = bench_subparsers.add_parser("llvm", help="pass-pipeline suggestions vs -Oz over a directory of .ll files")
    p.add_argument("--dir", required=True, help="directory of .ll files (searched recursively)")
    p.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    p.add_argument("--samples", type=int, default=30, help="candidates per module, -Oz included")
    p.add_argument("--time-budget", type=float, default=5.0, help="seconds per module for compiling candidates")
    p.add_argument("--autotune-budget", type=int, default=0,
                   help="also run the random-search autotuner with this many evaluations per module")
    p.add_argument("--per-module", action="store_true", help="include one row per module")
    p.set_defaults(func=run)


def _gain(oz: int, ours: int) -> float:
    return 100.0 * (oz - ours) / oz if oz else 0.0


def run(args) -> int:
    from clairvoyant.llvm.autotune import autotune
    from clairvoyant.llvm.optimizer import IRError, get_backend, optimize
    files = sorted(Path(args.dir).rglob("*.ll"))
    if not files:
        print(f"clairvoyant bench llvm: no .ll files under {args.dir}", file=sys.stderr)
        return 2
    rows = []
    for f in files:
        text = f.read_text(errors="replace")
        try:
            res = optimize(text, samples=args.samples, time_budget_s=args.time_budget)
        except IRError as e:
            print(f"skipping {f}: {e.message}", file=sys.stderr)
            continue
        row = {"file": f.name, "oz": res.oz_count, "ours": res.suggested_count,
               "gain": _gain(res.oz_count, res.suggested_count), "compilations": res.compilations,
               "seconds": res.seconds, "pipeline": res.pipeline,
               "oz_text_bytes": res.oz_text_bytes, "ours_text_bytes": res.suggested_text_bytes}
        if args.autotune_budget:
            tuned = autotune(get_backend(), text, budget=args.autotune_budget)
            row["autotuner"] = tuned.best_count
            row["autotuner_gain"] = _gain(tuned.oz_count, tuned.best_count)
        rows.append(row)
    if not rows:
        print("clairvoyant bench llvm: no module could be optimized", file=sys.stderr)
        return 1
    gains = [r["gain"] for r in rows]
    text_gains = [_gain(r["oz_text_bytes"], r["ours_text_bytes"]) for r in rows
                  if r["oz_text_bytes"] and r["ours_text_bytes"] is not None]
    out = {
        "n": len(rows),
        "gain_vs_oz_pct_mean": round(statistics.mean(gains), 3),
        "gain_vs_oz_pct_median": round(statistics.median(gains), 3),
        "compilations_mean": round(statistics.mean(r["compilations"] for r in rows), 2),
        "seconds_mean": round(statistics.mean(r["seconds"] for r in rows), 3),
        "seconds_median": round(statistics.median(r["seconds"] for r in rows), 3),
        "never_worse": all(r["ours"] <= r["oz"] for r in rows),
        "modules_beating_oz": sum(r["ours"] < r["oz"] for r in rows),
        "text_bytes_gain_vs_oz_pct_mean": round(statistics.mean(text_gains), 3) if text_gains else None,
        "autotuner_gain_vs_oz_pct_mean": (round(statistics.mean(r["autotuner_gain"] for r in rows), 3)
                                          if args.autotune_budget else None),
        "autotune_budget": args.autotune_budget or None,
        "samples": args.samples,
    }
    if args.per_module:
        out["modules"] = rows
    print(json.dumps(out))
    return 0
