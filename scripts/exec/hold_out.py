"""Split a sample file by function into a held-out share and the rest (all calls of one function stay together).

  python scripts/exec/hold_out.py .work/exec-data/pypi2.jsonl --one-in 10 \\
      --held-out .work/exec-data/calib-pypi2.jsonl [--rest .work/exec-data/pypi2-train.jsonl]

A function is held out when the sha256 of its code is a multiple of N (one function in N), so the split does not
depend on the file's order or on a seed, and the same function is held out of every file it appears in. Use the
held-out file for calibration and pass it to `mix_data.py --exclude` so training never sees those functions.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path


def held_out(code: str, one_in: int) -> bool:
    """Whether the function ``code`` is held out: one function in ``one_in``, chosen by the hash of its code."""
    return int(hashlib.sha256(code.encode()).hexdigest(), 16) % one_in == 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("source", type=Path)
    ap.add_argument("--one-in", type=int, default=10, metavar="N", help="hold out one function in N")
    ap.add_argument("--held-out", type=Path, required=True)
    ap.add_argument("--rest", type=Path, default=None, help="where the other functions' samples go (optional)")
    args = ap.parse_args()
    if args.one_in < 2:
        ap.error("--one-in must be at least 2")
    held, rest, codes = [], [], set()
    with args.source.open() as rows:
        for line in rows:
            code = json.loads(line)["code"]
            if held_out(code, args.one_in):
                held.append(line)
                codes.add(code)
            else:
                rest.append(line)
    args.held_out.write_text("".join(held))
    if args.rest:
        args.rest.write_text("".join(rest))
    print(f"{args.source}: {len(codes)} functions ({len(held)} samples) held out in {args.held_out}; "
          f"{len(rest)} samples left", flush=True)  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
