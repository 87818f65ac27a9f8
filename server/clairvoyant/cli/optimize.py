"""`clairvoyant optimize FILE.ll`: suggest, prove and apply the pass pipeline that makes the module smallest."""
from __future__ import annotations

import json
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    p = subparsers.add_parser("optimize", help="find a smaller-than--Oz LLVM pass pipeline for a .ll file")
    p.add_argument("file", help="textual LLVM IR (.ll)")
    p.add_argument("--samples", type=int, default=30, help="candidates compiled, -Oz included (default 30)")
    p.add_argument("--time-budget", type=float, default=5.0, help="seconds for compiling candidates (default 5)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument("--write", metavar="OUT", help="write the optimized, verified IR to OUT")
    p.set_defaults(func=run)


def run(args) -> int:
    from clairvoyant.llvm.optimizer import IRError, optimize
    from clairvoyant.llvm.toolchain import LLVMNotFound
    path = Path(args.file)
    try:
        text = path.read_text()
    except OSError as e:
        print(f"clairvoyant optimize: cannot read {path}: {e.strerror}", file=sys.stderr)
        return 2
    try:
        res = optimize(text, samples=max(1, args.samples), time_budget_s=args.time_budget)
    except IRError as e:
        where = f"{path}:{e.line + 1}: " if e.line is not None else f"{path}: "
        print(f"clairvoyant optimize: {where}{e.message}", file=sys.stderr)
        return 1
    except LLVMNotFound as e:
        print(f"clairvoyant optimize: {e}", file=sys.stderr)
        return 3
    if args.write:
        Path(args.write).write_text(res.optimized_ir)
    if args.json:
        print(json.dumps({
            "file": str(path), "pipeline": res.pipeline, "input_count": res.input_count, "oz_count": res.oz_count,
            "suggested_count": res.suggested_count, "predicted_count": res.predicted_count,
            "gain_vs_oz_pct": round(res.gain_vs_oz_pct, 3), "compilations": res.compilations,
            "seconds": round(res.seconds, 3), "opt_command": res.opt_command, "written": args.write,
            "oz_text_bytes": res.oz_text_bytes, "suggested_text_bytes": res.suggested_text_bytes,
            "functions": [vars(f) for f in res.functions], "candidates": res.candidates}))
        return 0
    print(f"pipeline:    {res.pipeline}")
    print(f"instructions: input {res.input_count} · -Oz {res.oz_count} · suggested {res.suggested_count} "
          f"({-res.gain_vs_oz_pct:+.1f}% vs -Oz)"
          + (f" · predicted {res.predicted_count}" if res.predicted_count is not None else ""))
    if res.oz_text_bytes is not None and res.suggested_text_bytes is not None:
        print(f"object .text: -Oz {res.oz_text_bytes} bytes · suggested {res.suggested_text_bytes} bytes")
    print(f"compilations: {res.compilations} in {res.seconds:.2f}s")
    print(f"command:     {res.opt_command}")
    if args.write:
        print(f"wrote {args.write}")
    return 0
