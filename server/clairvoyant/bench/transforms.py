"""`clairvoyant bench transforms`: precision / recall / exactness of the transforms on a labelled data set.

Precision: among cases a transform changed, the share whose output is AST-equal to `after`; recall: among cases
whose `after` differs from `before`, the share transformed correctly; exact: byte-identical share of all cases.
With `--synthesize-from TRAIN.jsonl` every transform is first synthesized from its training rows (with the data
set as the feedback set unless `--no-feedback`) and timed; otherwise the shipped library is measured.
"""

from __future__ import annotations

import ast
import json
import sys
import time
import types
from pathlib import Path


def add_parser(bench_subparsers) -> None:
    parser = bench_subparsers.add_parser("transforms", help="precision/recall of the synthesized transforms")
    parser.add_argument("--data", type=Path, required=True, help="JSON lines with transform, before, after")
    parser.add_argument("--synthesize-from", type=Path, metavar="TRAIN.jsonl",
                        help="synthesize every transform from these examples first (and time it)")
    parser.add_argument("--no-feedback", action="store_true",
                        help="with --synthesize-from: do not use --data as the feedback set (train-only)")
    parser.add_argument("--budget-s", type=float, default=60, help="synthesis budget per transform")
    parser.add_argument("--json", action="store_true", help="print one JSON object (always on)")
    parser.set_defaults(func=run)


def _same_ast(a: str, b: str) -> bool:
    try:
        return ast.dump(ast.parse(a)) == ast.dump(ast.parse(b))
    except SyntaxError:
        return False


def score(apply, rows: list[dict]) -> dict:
    """Metrics of `apply(before) -> after'` on `rows`."""
    changed = correct_changes = positives = recalled = exact = errors = 0
    for row in rows:
        try:
            out = apply(row["before"])
        except Exception:  # noqa: BLE001 - a crashing transform counts as an error, not a crash
            out, errors = row["before"], errors + 1
        is_changed = not _same_ast(out, row["before"])
        right = _same_ast(out, row["after"])
        changed += is_changed
        correct_changes += is_changed and right
        if not _same_ast(row["before"], row["after"]):
            positives += 1
            recalled += right
        exact += out == row["after"]
    n = len(rows)
    return {"precision": round(correct_changes / changed, 4) if changed else 1.0,
            "recall": round(recalled / positives, 4) if positives else 1.0,
            "exact": round(exact / n, 4) if n else 0.0, "n": n, "changed": changed, "errors": errors}


def run(args) -> int:
    from clairvoyant.transforms import TransformError, TransformLibrary
    from clairvoyant.transforms.builtin import load_jsonl

    try:
        rows = load_jsonl(args.data)
        train = load_jsonl(args.synthesize_from) if args.synthesize_from else None
    except (OSError, ValueError) as exc:
        print(f"clairvoyant bench transforms: {exc}", file=sys.stderr)
        return 1
    names = list(dict.fromkeys(r["transform"] for r in rows))
    per: dict[str, dict] = {}
    synthesis_s: dict[str, float] = {}
    if train is not None:
        appliers = _synthesized(names, train, None if args.no_feedback else rows, args.budget_s, synthesis_s)
    else:
        library = TransformLibrary.builtin()
        known = {i.name for i in library.infos()}
        appliers = {n: (lambda src, n=n: library.apply(n, src)) if n in known else (lambda src: src) for n in names}
    for name in names:
        try:
            per[name] = score(appliers[name], [r for r in rows if r["transform"] == name])
        except TransformError as exc:
            per[name] = {"error": str(exc)}
        if name in synthesis_s:
            per[name]["synthesis_s"] = synthesis_s[name]
    scored = [m for m in per.values() if "precision" in m]
    precise = [m for m in scored if m["precision"] == 1.0 and m["changed"]]
    totals = {
        "transforms": len(per),
        "precision_1": len(precise),
        "precision_1_and_recall_0.9": sum(m["recall"] >= 0.9 for m in precise),
        "macro_precision": round(sum(m["precision"] for m in scored) / max(1, len(scored)), 4),
        "macro_recall": round(sum(m["recall"] for m in scored) / max(1, len(scored)), 4),
        "macro_exact": round(sum(m["exact"] for m in scored) / max(1, len(scored)), 4),
        "n": sum(m["n"] for m in scored),
    }
    if synthesis_s:
        totals["synthesis_s_total"] = round(sum(synthesis_s.values()), 2)
        totals["synthesis_s_max"] = round(max(synthesis_s.values()), 2)
    mode = "shipped library" if train is None else ("synthesized, train only" if args.no_feedback
                                                    else "synthesized, data as feedback set")
    print(json.dumps({"benchmark": "transforms", "data": str(args.data), "mode": mode, "transforms": per,
                      "totals": totals}))
    return 0


def _synthesized(names, train, feedback, budget_s, seconds: dict) -> dict:
    """Synthesize each transform in memory and return name -> apply(source) function."""
    from clairvoyant.transforms import TransformLibrary
    from clairvoyant.transforms.builtin import synthesize_one
    from clairvoyant.transforms.catalog import _entry

    appliers = {}
    for name in names:
        start = time.monotonic()
        result = synthesize_one(name, "", train, feedback, budget_s)
        seconds[name] = round(time.monotonic() - start, 3)
        module = types.ModuleType(f"synthesized_{name.replace('-', '_')}")
        exec(compile(result.module_source, f"<{name}>", "exec"), module.__dict__)  # noqa: S102 - our own generated code
        library = TransformLibrary([_entry(module, "workspace")])  # measured even when status is "failed"
        appliers[name] = lambda src, lib=library, n=name: lib.apply(n, src)
    return appliers
