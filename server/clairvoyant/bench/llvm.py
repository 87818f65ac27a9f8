"""`clairvoyant bench llvm --dir DIR --json`: the pass model against -Oz and, with `--baselines`, against the
fixed frequent list, random search and the autotuner at equal compilations, overall and per project.

Gains are per module against `default<Oz>` on the same IR. `macro_gain_mean` averages the per-project means, so
one large project does not dominate. Methods are named `NAME@COMPILATIONS` (`model@2` is the single suggestion:
greedy list + -Oz).
"""
from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path

DEFAULT_LABELS = ".work/llvm-labels/train.jsonl"


def add_parser(bench_subparsers) -> None:
    p = bench_subparsers.add_parser("llvm", help="pass-pipeline suggestions vs -Oz over a directory of .ll files")
    p.add_argument("--dir", required=True, help="directory of .ll files (searched recursively)")
    p.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    p.add_argument("--samples", type=int, default=30, help="candidates per module, -Oz included")
    p.add_argument("--time-budget", type=float, default=5.0, help="seconds per module for compiling candidates")
    p.add_argument("--baselines", action="store_true",
                   help="also the single suggestion, the frequent list and random search at 2 and --samples "
                        "compilations, and the autotuner (--autotune-budget, default 1000)")
    p.add_argument("--autotune-budget", type=int, default=None,
                   help="evaluations per module for the autotuner (0: skip it)")
    p.add_argument("--labels", nargs="+", default=[DEFAULT_LABELS],
                   help="training labels (autotune_corpus.py output) for the frequent-list baseline")
    p.add_argument("--per-module", action="store_true", help="include one row per module")
    p.set_defaults(func=run)


def _gain(oz: int, ours: int) -> float:
    return 100.0 * (oz - ours) / oz if oz else 0.0


def _projects(directory: Path) -> dict[str, str]:
    """File name -> project, from the corpus manifest next to or above DIR (build_corpus.py layout)."""
    for manifest in (directory / "manifest.jsonl", directory.parent / "manifest.jsonl"):
        if manifest.exists():
            rows = [json.loads(line) for line in manifest.read_text().splitlines()]
            return {Path(r["file"]).name: r["project"] for r in rows}
    return {}


def _project_of(path: Path, projects: dict[str, str]) -> str:
    return projects.get(path.name) or (path.stem.split("__")[0] if "__" in path.stem else path.parent.name)


def _stats(rows: list[dict], method: str) -> dict:
    gains = [_gain(r["oz"], r["methods"][method][0]) for r in rows]
    by_project: dict[str, list[float]] = {}
    for r, g in zip(rows, gains):
        by_project.setdefault(r["project"], []).append(g)
    return {"gain_mean": round(statistics.mean(gains), 3), "gain_median": round(statistics.median(gains), 3),
            "macro_gain_mean": round(statistics.mean(statistics.mean(v) for v in by_project.values()), 3),
            "beating_oz": sum(r["methods"][method][0] < r["oz"] for r in rows),
            "never_worse": all(r["methods"][method][0] <= r["oz"] for r in rows),
            "compilations_mean": round(statistics.mean(r["methods"][method][1] for r in rows), 1)}


def _count_error(pairs: list[tuple[int, int]]) -> dict | None:
    """MAPE of predicted vs real instruction counts, and the share within 10 %."""
    errs = [100.0 * abs(pred - real) / real for pred, real in pairs if pred is not None and real]
    if not errs:
        return None
    return {"n": len(errs), "mape_pct": round(statistics.mean(errs), 2),
            "median_ape_pct": round(statistics.median(errs), 2),
            "within_10pct": round(sum(e <= 10 for e in errs) / len(errs), 3)}


def _baselines(text: str, index: int, samples: int, frequent: list[str]) -> dict:
    """The frequent list and random search at 2 and `samples` compilations: {method: (count, compilations)}."""
    from clairvoyant.llvm.baselines import prefix_bests, random_pipelines
    from clairvoyant.llvm.optimizer import get_backend
    backend, sizes = get_backend(), sorted({2, samples})
    out = {}
    for n, count in prefix_bests(backend, text, frequent, sizes).items():
        out[f"frequent@{n}"] = (count, min(n, len(frequent) + 1))
    for n, count in prefix_bests(backend, text, random_pipelines(samples - 1, seed=index), sizes).items():
        out[f"random@{n}"] = (count, n)
    return out


def run(args) -> int:
    from clairvoyant.llvm.autotune import autotune
    from clairvoyant.llvm.optimizer import IRError, get_backend, optimize
    directory = Path(args.dir)
    files = sorted(directory.rglob("*.ll"))
    if not files:
        print(f"clairvoyant bench llvm: no .ll files under {args.dir}", file=sys.stderr)
        return 2
    budget = args.autotune_budget if args.autotune_budget is not None else (1000 if args.baselines else 0)
    frequent: list[str] = []
    if args.baselines:
        from clairvoyant.llvm.baselines import frequent_pipelines
        missing = [p for p in args.labels if not Path(p).exists()]
        if missing:
            print(f"clairvoyant bench llvm: no labels at {', '.join(missing)} (--labels, for the frequent list)",
                  file=sys.stderr)
            return 2
        frequent = frequent_pipelines(args.labels, args.samples - 1)
    projects = _projects(directory)
    rows = []
    for i, f in enumerate(files):
        text = f.read_text(errors="replace")
        try:
            res = optimize(text, samples=args.samples, time_budget_s=args.time_budget)
        except IRError as e:
            print(f"skipping {f}: {e.message}", file=sys.stderr)
            continue
        row = {"file": f.name, "project": _project_of(f, projects), "oz": res.oz_count,
               "ours": res.suggested_count, "gain": _gain(res.oz_count, res.suggested_count),
               "compilations": res.compilations, "seconds": res.seconds, "pipeline": res.pipeline,
               "oz_text_bytes": res.oz_text_bytes, "ours_text_bytes": res.suggested_text_bytes,
               "predicted": res.predicted_count,
               "methods": {f"model@{args.samples}": (res.suggested_count, res.compilations)}}
        if args.baselines:
            single = optimize(text, samples=2, time_budget_s=args.time_budget)
            row["methods"]["model@2"] = (single.suggested_count, single.compilations)
            row["single"] = {"count": single.suggested_count, "predicted": single.predicted_count,
                             "seconds": single.seconds, "pipeline": single.pipeline}
            row["methods"].update(_baselines(text, i, args.samples, frequent))
        if budget:
            tuned = autotune(get_backend(), text, budget=budget)
            row["methods"][f"autotuner@{budget}"] = (tuned.best_count, tuned.evaluations)
        rows.append(row)
    if not rows:
        print("clairvoyant bench llvm: no module could be optimized", file=sys.stderr)
        return 1
    print(json.dumps(_report(rows, args, budget, frequent)))
    return 0


def _report(rows: list[dict], args, budget: int, frequent: list[str]) -> dict:
    text_gains = [_gain(r["oz_text_bytes"], r["ours_text_bytes"]) for r in rows
                  if r["oz_text_bytes"] and r["ours_text_bytes"] is not None]
    methods = {m: _stats(rows, m) for m in sorted(rows[0]["methods"])}
    tuner = methods.get(f"autotuner@{budget}")
    model = methods[f"model@{args.samples}"]
    out = {
        "n": len(rows),
        "projects": len({r["project"] for r in rows}),
        "gain_vs_oz_pct_mean": model["gain_mean"],
        "gain_vs_oz_pct_median": model["gain_median"],
        "macro_gain_vs_oz_pct_mean": model["macro_gain_mean"],
        "compilations_mean": round(statistics.mean(r["compilations"] for r in rows), 2),
        "seconds_mean": round(statistics.mean(r["seconds"] for r in rows), 3),
        "seconds_median": round(statistics.median(r["seconds"] for r in rows), 3),
        "never_worse": model["never_worse"],
        "modules_beating_oz": model["beating_oz"],
        "text_bytes_gain_vs_oz_pct_mean": round(statistics.mean(text_gains), 3) if text_gains else None,
        "autotuner_gain_vs_oz_pct_mean": tuner["gain_mean"] if tuner else None,
        "autotune_budget": budget or None,
        "samples": args.samples,
        "count_prediction": _count_error([(r["predicted"], r["ours"]) for r in rows]),
        "methods": methods,
    }
    if tuner and tuner["gain_mean"] > 0:
        out["model_share_of_autotuner_gain"] = round(model["gain_mean"] / tuner["gain_mean"], 3)
    if args.baselines:
        out["frequent_lists"] = len(frequent)
        out["single_seconds_median"] = round(statistics.median(r["single"]["seconds"] for r in rows), 3)
        out["single_count_prediction"] = _count_error([(r["single"]["predicted"], r["single"]["count"])
                                                       for r in rows])
        out["per_project"] = {
            p: {"n": len(sub), **{m: _stats(sub, m)["gain_mean"] for m in methods}}
            for p in sorted({r["project"] for r in rows}) for sub in [[r for r in rows if r["project"] == p]]}
    if args.per_module:
        out["modules"] = rows
    return out
