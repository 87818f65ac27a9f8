#!/usr/bin/env python3
"""Turn autotuner labels into model training text: one example per line, `prompt completion`.

  python scripts/llvm/make_dataset.py --labels .work/llvm-labels/train.jsonl --out .work/llvm-data/train.txt
For each module, every distinct pipeline the autotuner kept that is strictly better than -Oz becomes an example
(the best one `--best-weight` times); modules where nothing beat -Oz give no example (-Oz is always a candidate
at inference, so the model's samples are spent on alternatives). The completion is the pass list, `<cnt>`, its
real count and `<eos>`.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.llvm.passes import split_top_level
from clairvoyant.llvm.prompt import completion_text, prompt_text


def examples_for(row: dict, best_weight: int, max_lists: int) -> list[str]:
    text = Path(row["file"]).read_text(errors="replace")
    prompt = prompt_text(text)
    good = [(p, c) for p, c in row["top"] if c < row["oz_count"]][:max_lists]
    out = []
    for i, (pipeline, count) in enumerate(good):
        line = prompt + " " + completion_text(split_top_level(pipeline), count)
        out += [line] * (best_weight if i == 0 else 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--labels", nargs="+", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--best-weight", type=int, default=3)
    ap.add_argument("--max-lists", type=int, default=6)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--val-projects", nargs="*", default=["yappi", "crc32c", "scrypt", "psutil", "setproctitle"],
                    help="projects whose examples go to OUT with suffix .val (validation, by project)")
    args = ap.parse_args()
    lines: list[str] = []
    val: list[str] = []
    for path in args.labels:
        for raw in Path(path).read_text().splitlines():
            row = json.loads(raw)
            if row.get("ok"):
                dest = val if row.get("project") in args.val_projects else lines
                dest += examples_for(row, args.best_weight if dest is lines else 1, args.max_lists)
    random.Random(args.seed).shuffle(lines)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text("\n".join(lines) + "\n")
    Path(args.out + ".val").write_text("\n".join(val) + "\n")
    print(json.dumps({"examples": len(lines), "val_examples": len(val), "out": args.out}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
