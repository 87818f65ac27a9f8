#!/usr/bin/env python3
"""Label the corpus with the autotuner (resumable): one JSON line per module in OUT.

  nice -n 10 python scripts/llvm/autotune_corpus.py --corpus .work/llvm-corpus --split train --budget 300 \
      --out .work/llvm-labels/train.jsonl --workers 1
Each line: {"file", "project", "split", "ok", "input_count", "oz_count", "best_pipeline", "best_count",
"top": [[pipeline, count], ...], "evaluations", "seconds", "gain_vs_oz_pct"}.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.llvm.autotune import LocalExecutor, SerialExecutor, tune_file


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=".work/llvm-corpus")
    ap.add_argument("--split", default="train")
    ap.add_argument("--budget", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=None, help="seconds of random search per module")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    corpus = Path(args.corpus)
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    rows = [r for r in rows if r["split"] == args.split]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = {json.loads(line)["file"] for line in out.read_text().splitlines()} if out.exists() else set()
    todo = [r for r in rows if str(corpus / r["file"]) not in done]
    todo.sort(key=lambda r: (corpus / r["file"]).stat().st_size)  # small modules first
    meta = {str(corpus / r["file"]): r for r in todo}
    executor = LocalExecutor(args.workers) if args.workers > 1 else SerialExecutor()
    items = [(path, args.budget, args.seed, args.time_limit) for path in meta]
    with open(out, "a") as f:
        for i, res in enumerate(executor.map(tune_file, items)):
            res.update(project=meta[res["file"]]["project"], split=args.split)
            f.write(json.dumps(res) + "\n")
            f.flush()
            if res["ok"]:
                print(f"[{i + 1}/{len(items)}] {Path(res['file']).name}: -Oz {res['oz_count']} -> "
                      f"{res['best_count']} ({res['gain_vs_oz_pct']:.2f}%) {res['seconds']:.1f}s", flush=True)
            else:
                print(f"[{i + 1}/{len(items)}] {Path(res['file']).name}: FAILED {res['error'][:200]}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
