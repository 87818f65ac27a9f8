#!/usr/bin/env python3
"""Label the corpus with the autotuner: one task per module, one JSON line per module in OUT (resumable).

  # local process pool (small runs)
  nice -n 10 python scripts/llvm/autotune_corpus.py --split train --budget 250 --time-limit 30 --workers 1 \
      --out .work/llvm-labels/train.jsonl
  # Ray: a local instance on --workers CPUs, or a running cluster with --address (`ray start --head` first)
  nice -n 19 python scripts/llvm/autotune_corpus.py --ray --workers 1 --out .work/llvm-labels/train.jsonl
  python scripts/llvm/autotune_corpus.py --ray --address HEAD_IP:6379 --budget 1000 --out ...
Each line: {"file", "project", "split", "ok", "input_count", "oz_count", "best_pipeline", "best_count",
"top": [[pipeline, count], ...], "functions": {name: [oz, best, pipeline]}, "evaluations", "seconds",
"gain_vs_oz_pct"} or {"file", "ok": false, "error"} for a module whose task failed, crashed or timed out.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.llvm.executors import make_executor
from clairvoyant.llvm.labelling import Checkpoint, Job, label, pending, print_progress


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=".work/llvm-corpus")
    ap.add_argument("--split", default="train")
    ap.add_argument("--budget", type=int, default=300, help="evaluations per module")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--time-limit", type=float, default=None, help="seconds of random search per module")
    ap.add_argument("--task-timeout", type=float, default=None,
                    help="a module's task is killed after this many seconds (default: 4x --time-limit + 60)")
    ap.add_argument("--workers", type=int, default=1, help="local processes, or CPUs of a local Ray instance")
    ap.add_argument("--ray", action="store_true", help="run the tasks on Ray")
    ap.add_argument("--address", default=None, help="with --ray: join this cluster instead of starting Ray")
    ap.add_argument("--retry-failed", action="store_true", help="redo modules the checkpoint holds as failed")
    ap.add_argument("--limit", type=int, default=None, help="label at most this many modules in this run")
    ap.add_argument("--out", required=True, help="the checkpoint: append-only JSONL, one line per module")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    rows = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    jobs = [Job(str(corpus / r["file"]), corpus / r["file"], {"project": r["project"], "split": args.split})
            for r in rows if r["split"] == args.split]
    checkpoint = Checkpoint(args.out)
    todo = sorted(pending(jobs, checkpoint, args.retry_failed), key=lambda j: j.path.stat().st_size)
    todo = todo[:args.limit]  # small modules first
    print(f"{len(jobs) - len(todo)} of {len(jobs)} modules already in {args.out}; labelling {len(todo)}", flush=True)
    timeout = args.task_timeout or (4 * args.time_limit + 60 if args.time_limit else None)
    executor = make_executor("ray" if args.ray else "local", args.workers, args.address)
    rows = label(executor, todo, checkpoint, args.budget, args.seed, args.time_limit, timeout)
    print_progress(rows, len(todo), lambda r: f"-Oz {r['oz_count']} -> {r['best_count']} "
                   f"({r['gain_vs_oz_pct']:.2f}%) {r['seconds']:.1f}s", executor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
