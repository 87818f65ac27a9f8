#!/usr/bin/env python3
"""Measure a fixed candidate set of pass lists on every corpus module (the pass ranker's training data).

  # choose the candidates from the training labels (validation projects left out), then measure them
  python scripts/llvm/candidate_matrix.py --labels .work/llvm-labels/train.jsonl --k 128 \
      --candidates .work/llvm-labels/candidates.json --out .work/llvm-labels/matrix.jsonl --splits train test
  # the same on Ray (local instance, or a cluster with --address)
  python scripts/llvm/candidate_matrix.py --ray --workers 2 ...
One JSON line per module (resumable): {"file", "project", "split", "ok", "input_count", "oz_count",
"counts": {pipeline: count or null}, "seconds"}. Test modules are measured only to evaluate, never to choose.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.llvm.candidates import choose_candidates, count_candidates, load_candidates, save_candidates
from clairvoyant.llvm.executors import make_executor
from clairvoyant.llvm.labelling import Checkpoint, Job, pending, print_progress, run_tasks

VAL_PROJECTS = ["yappi", "crc32c", "scrypt", "psutil", "setproctitle"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", default=".work/llvm-corpus")
    ap.add_argument("--labels", nargs="*", default=[".work/llvm-labels/train.jsonl"])
    ap.add_argument("--candidates", default=".work/llvm-labels/candidates.json",
                    help="the candidate set: read if it exists, else chosen from --labels and written here")
    ap.add_argument("--k", type=int, default=128, help="candidate lists to choose")
    ap.add_argument("--val-projects", nargs="*", default=VAL_PROJECTS, help="left out when choosing")
    ap.add_argument("--splits", nargs="+", default=["train", "test"])
    ap.add_argument("--time-limit", type=float, default=120.0, help="seconds per module (later lists: null)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--ray", action="store_true")
    ap.add_argument("--address", default=None)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    if Path(args.candidates).exists():
        candidates = load_candidates(args.candidates)
    else:
        rows = [json.loads(line) for p in args.labels for line in Path(p).read_text().splitlines()]
        rows = [r for r in rows if r.get("split") == "train" and r.get("project") not in args.val_projects]
        candidates = choose_candidates(rows, args.k)
        save_candidates(args.candidates, candidates, args.labels)
    corpus = Path(args.corpus)
    manifest = [json.loads(line) for line in (corpus / "manifest.jsonl").read_text().splitlines()]
    jobs = [Job(str(corpus / r["file"]), corpus / r["file"], {"project": r["project"], "split": r["split"]})
            for r in manifest if r["split"] in args.splits]
    checkpoint = Checkpoint(args.out)
    todo = sorted(pending(jobs, checkpoint), key=lambda j: j.path.stat().st_size)
    print(f"{len(candidates)} candidates; {len(jobs) - len(todo)} of {len(jobs)} modules done; {len(todo)} to go",
          flush=True)
    executor = make_executor("ray" if args.ray else "local", args.workers, args.address)
    rows = run_tasks(executor, todo, checkpoint, count_candidates, (candidates, args.time_limit), 4 * args.time_limit + 60)

    def describe(row: dict) -> str:
        best = min([c for c in row["counts"].values() if c is not None], default=row["oz_count"])
        return f"-Oz {row['oz_count']} best {best} {row['seconds']:.1f}s"
    print_progress(rows, len(todo), describe, executor)
    return 0


if __name__ == "__main__":
    sys.exit(main())
