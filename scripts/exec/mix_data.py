"""Mix sample files for a second training phase (by function: all calls of one function stay together).

  python scripts/exec/mix_data.py --out .work/exec-data/mix.jsonl --exclude .work/exec-train/val_samples.jsonl \\
      .work/exec-data/samples2.jsonl:1.0 .work/exec-data/samples.jsonl:0.5

Each SOURCE:FRACTION keeps that fraction of the source's functions (seeded); functions listed in --exclude files
(e.g. the first phase's validation samples) are dropped everywhere, so they stay unseen.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sources", nargs="+", metavar="FILE:FRACTION")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="samples whose functions to drop")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    excluded = {json.loads(line)["code"] for path in args.exclude for line in path.open()}
    out: list[str] = []
    for source in args.sources:
        path, _, fraction = source.rpartition(":")
        by_code: dict[str, list[str]] = {}
        with Path(path).open() as rows:
            for line in rows:
                code = json.loads(line)["code"]
                if code not in excluded:
                    by_code.setdefault(code, []).append(line)
        codes = sorted(by_code)
        kept = rng.sample(codes, round(len(codes) * float(fraction)))
        out += [line for code in kept for line in by_code[code]]
        print(f"{path}: {len(kept)} of {len(codes)} functions", flush=True)
    rng.shuffle(out)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("".join(out))
    print(f"{args.out}: {len(out)} samples", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
