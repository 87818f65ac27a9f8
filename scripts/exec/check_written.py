#!/usr/bin/env python3
"""Check a file of hand-written functions for `make_data.py --written` before it is added to the training data.

  python scripts/exec/check_written.py scripts/exec/written/strings.jsonl [--fix]

Each row is {"code": "def f(...):\\n    ...", "calls": ["f(...)", ...]}: exactly one top-level `def f`, and calls with
literal arguments. A call is good when it returns within the time limit, its result's repr is at most 100
characters, `eval(repr(result)) == result`, and the repr is the same under two PYTHONHASHSEEDs (nothing depends on
the order of a set of strings). Prints each problem and a summary; with --fix, rewrites FILE keeping the good calls
of rows that keep at least 3. Calls run in a subprocess each, so a crash or a hang costs only that call.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

MIN_CALLS = 3
_RUNNER = r"""
import json, signal, sys
signal.alarm(2)
code, call = json.load(sys.stdin)
try:
    ns = {}
    exec(code, ns)
    r = eval(call, ns)
    s = repr(r)
    print(s if len(s) <= 100 and eval(s) == r else "!BAD: result too long or not a literal")
except BaseException as e:
    print(f"!ERR: {type(e).__name__}: {str(e)[:80]}")
"""


def run_call(code: str, call: str, hash_seed: int) -> str:
    """The repr of `call`'s result, or a line starting with '!' saying why there is none."""
    env = dict(os.environ, PYTHONHASHSEED=str(hash_seed))
    try:
        done = subprocess.run([sys.executable, "-c", _RUNNER], input=json.dumps([code, call]), capture_output=True,
                              text=True, timeout=5, env=env, check=False)  # fmt: skip
    except subprocess.TimeoutExpired:
        return "!ERR: timeout"
    return done.stdout.strip() or "!ERR: crashed"


def is_single_f(code: str) -> bool:
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return False
    return len(body) == 1 and isinstance(body[0], ast.FunctionDef) and body[0].name == "f"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=Path)
    ap.add_argument("--fix", action="store_true", help="rewrite FILE with the good calls only")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.file.read_text().splitlines() if line.strip()]
    kept, codes, good_calls, bad_calls = [], set(), 0, 0
    for n, row in enumerate(rows):
        code = row["code"]
        if not is_single_f(code) or code in codes:
            print(f"row {n}: not exactly one parsable `def f`, or a duplicate")
            continue
        codes.add(code)
        good = []
        for call in dict.fromkeys(row["calls"]):
            first, second = run_call(code, call, 1), run_call(code, call, 12345)
            if first.startswith("!") or first != second:
                bad_calls += 1
                print(f"row {n}: {call} -> {first if first.startswith('!') else 'depends on the hash seed'}")
            else:
                good.append(call)
        good_calls += len(good)
        if len(good) >= MIN_CALLS:
            kept.append({"code": code, "calls": good})
        else:
            print(f"row {n}: fewer than {MIN_CALLS} good calls")
    print(f"{len(rows)} rows, {len(kept)} with >= {MIN_CALLS} good calls, {good_calls} good calls, {bad_calls} bad")
    if args.fix:
        args.file.write_text("".join(json.dumps(r) + "\n" for r in kept))
        print(f"rewrote {args.file}")
    return 0 if len(kept) == len(rows) and not bad_calls else 1


if __name__ == "__main__":
    raise SystemExit(main())
