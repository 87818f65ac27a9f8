#!/usr/bin/env python3
"""Regenerate the built-in transform library (server/clairvoyant/transforms/library/) by synthesis.

    python scripts/regenerate_transforms.py                 # rewrite the shipped library
    python scripts/regenerate_transforms.py --check         # regenerate into a temp dir, compare byte-for-byte
    python scripts/regenerate_transforms.py --check --only none-comparison yield-from

Data: --data DIR with transforms.json, train.jsonl (examples) and test.jsonl (feedback set).
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "server"))

from clairvoyant.transforms.builtin import DEFAULT_DATA, module_name, regenerate
from clairvoyant.transforms.catalog import LIBRARY_DIR


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these transforms")
    parser.add_argument("--check", action="store_true", help="compare with the shipped library instead of writing")
    parser.add_argument("--budget-s", type=float, default=60)
    args = parser.parse_args(argv)

    def progress(name, result) -> None:
        print(f"{name:32s} {result.status:13s} {result.rules:2d} rules  "
              f"{sum(r['ok'] for r in result.report):2d}/{len(result.report)} cases  {result.seconds:5.1f} s",
              file=sys.stderr)

    if not args.check:
        start = time.monotonic()
        regenerate(args.data, LIBRARY_DIR, args.only, args.budget_s, progress)
        print(f"library regenerated in {time.monotonic() - start:.1f} s", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        shutil.copy(LIBRARY_DIR / "index.json", out / "index.json")
        index = regenerate(args.data, out, args.only, args.budget_s, progress)
        names = [t for t in index["transforms"] if not args.only or t["name"] in args.only]
        files = ["index.json"] + [f"{module_name(t['name'])}.py" for t in names if (out / f"{t['module']}.py").exists()
                                  or (LIBRARY_DIR / f"{t['module']}.py").exists()]
        differ = [f for f in files if not (out / f).exists() or not (LIBRARY_DIR / f).exists()
                  or not filecmp.cmp(out / f, LIBRARY_DIR / f, shallow=False)]
    if differ:
        print("the shipped library differs from the synthesizer's output: " + ", ".join(differ), file=sys.stderr)
        print("run: python scripts/regenerate_transforms.py", file=sys.stderr)
        return 1
    print(f"library matches the synthesizer's output ({len(files)} files)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
