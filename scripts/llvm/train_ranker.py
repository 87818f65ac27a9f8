#!/usr/bin/env python3
"""Train the pass ranker on the candidate matrix, choose its settings on the validation projects, export it.

  python scripts/llvm/train_ranker.py --matrix .work/llvm-labels/matrix.jsonl \
      --candidates .work/llvm-labels/candidates.json --compare          # methods on the validation projects
  python scripts/llvm/train_ranker.py ... --out models/llvm-ranker          # final: train + val, export ONNX
Gains are relative instruction-count savings over `-Oz`; "@N" means `-Oz` plus the first N - 1 ranked lists,
the better of which is kept (never worse than -Oz). Test modules are never used here except by --report-test.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.llvm.candidates import load_candidates
from clairvoyant.llvm.features import FEATURE_VERSION, feature_names, module_features
from clairvoyant.llvm.ranker import cover, nearest
from clairvoyant.training.ranker import RankerConfig, export_ranker, fit_ensemble, scores

VAL_PROJECTS = ["yappi", "crc32c", "scrypt", "psutil", "setproctitle"]
FAILED = -0.5  # gain given to a candidate that failed or ran out of time: never worth choosing


def load(matrix: Path, candidates: list[str], cache: Path) -> tuple[list[dict], np.ndarray, np.ndarray]:
    rows = {}
    for line in matrix.read_text().splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if row.get("ok") and row.get("oz_count"):
            rows[row["file"]] = row
    rows = [rows[k] for k in sorted(rows)]
    cached = json.loads(cache.read_text()) if cache.exists() else {}
    if cached.get("version") != FEATURE_VERSION:
        cached = {"version": FEATURE_VERSION, "features": {}}
    feats = cached["features"]
    for r in rows:
        if r["file"] not in feats:
            feats[r["file"]] = module_features(Path(r["file"]).read_text(errors="replace"))
    cache.write_text(json.dumps(cached))
    x = np.array([feats[r["file"]] for r in rows], dtype=np.float32)
    gains = np.array([[FAILED if r["counts"].get(p) is None else (r["oz_count"] - r["counts"][p]) / r["oz_count"]
                       for p in candidates] for r in rows], dtype=np.float32)
    return rows, x, gains


def at_n(order: np.ndarray, gains: np.ndarray, n: int) -> np.ndarray:
    """Per module: gain (%) of the best of -Oz and the first n - 1 lists of each row's order."""
    top = np.take_along_axis(gains, order[:, :n - 1], axis=1)
    return 100 * np.maximum(0.0, top.max(axis=1))


def summary(rows: list[dict], order: np.ndarray, gains: np.ndarray, ns=(2, 10, 30)) -> dict:
    out = {}
    for n in ns:
        g = at_n(order, gains, n)
        by_project = defaultdict(list)
        for r, v in zip(rows, g):
            by_project[r["project"]].append(float(v))
        real = [v for r, v in zip(rows, g) if r["project"] != "csmith"]
        out[f"@{n}"] = {"mean": round(float(g.mean()), 2), "real": round(float(np.mean(real)), 2) if real else None,
                        "macro": round(statistics.mean(statistics.mean(v) for v in by_project.values()), 2)}
    return out


def fixed_order(gains: np.ndarray) -> np.ndarray:
    return np.argsort(-np.maximum(gains, 0).mean(axis=0))


def knn_order(x_train, g_train, x_eval, k: int) -> np.ndarray:
    mean, std = x_train.mean(axis=0), x_train.std(axis=0) + 1e-3
    a, b = (x_train - mean) / std, (x_eval - mean) / std
    d = ((b[:, None, :] - a[None, :, :]) ** 2).sum(axis=2)
    nearest = np.argsort(d, axis=1)[:, :k]
    avg = np.maximum(g_train[nearest], 0).mean(axis=1)
    return np.argsort(-avg, axis=1)


def cover_order(order: np.ndarray, x_fit, g_fit, x_eval, k: int) -> np.ndarray:
    """Per eval module: the model's first list, then lists that cover its k nearest fit modules (`ranker.cover`)."""
    mean, std = x_fit.mean(axis=0), x_fit.std(axis=0) + 1e-3
    near = nearest((x_fit - mean) / std, (x_eval - mean) / std, k)
    return np.array([cover(o, np.maximum(g_fit[rows], 0)) for o, rows in zip(order, near)])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matrix", type=Path, default=Path(".work/llvm-labels/matrix.jsonl"))
    ap.add_argument("--candidates", type=Path, default=Path(".work/llvm-labels/candidates.json"))
    ap.add_argument("--cache", type=Path, default=Path(".work/llvm-labels/features.json"))
    ap.add_argument("--val-projects", nargs="*", default=VAL_PROJECTS)
    ap.add_argument("--compare", action="store_true", help="compare methods and settings on the validation projects")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="with --compare: K-fold cross-validation by project over train + validation instead")
    ap.add_argument("--knn", action="store_true", help="with --compare: also nearest-neighbour rankings")
    ap.add_argument("--cover", type=int, nargs="*", default=[], metavar="K",
                    help="with --compare: also the model's first list + greedy coverage of the K nearest modules")
    ap.add_argument("--ship-cover", type=int, default=50, metavar="K",
                    help="with --out: ship the training modules so the ranker covers the K nearest (0: score order)")
    ap.add_argument("--report-test", action="store_true", help="also report the test projects (final numbers only)")
    ap.add_argument("--hidden", type=int, default=256)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--epochs", type=int, default=200)
    ap.add_argument("--temperature", type=float, default=0.01)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--loss", choices=["listwise", "regress", "expected"], default="listwise")
    ap.add_argument("--weight-decay", type=float, default=1e-3)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--factorized", action="store_true", help="score = module embedding . candidate embedding")
    ap.add_argument("--balance", action="store_true", help="weight modules so every project counts the same")
    ap.add_argument("--seeds", type=int, default=1, help="ensemble of this many seeds (scores averaged)")
    ap.add_argument("--out", type=Path, help="train on train + validation projects and export here")
    ap.add_argument("--train-only", action="store_true", help="with --out: leave the validation projects out")
    args = ap.parse_args()
    torch.set_num_threads(1)
    candidates = load_candidates(args.candidates)
    rows, x, gains = load(args.matrix, candidates, args.cache)
    split = np.array(["test" if r["split"] == "test" else "val" if r["project"] in args.val_projects else "train"
                      for r in rows])
    print(f"{len(rows)} modules: " + ", ".join(f"{s} {int((split == s).sum())}" for s in ("train", "val", "test")),
          flush=True)
    cfg = RankerConfig(hidden=args.hidden, layers=args.layers, epochs=args.epochs, temperature=args.temperature,
                       dropout=args.dropout, loss=args.loss, weight_decay=args.weight_decay,
                       factorized=args.factorized, lr=args.lr)
    weights = np.ones(len(rows))
    if args.balance:
        sizes = defaultdict(int)
        for r in rows:
            sizes[r["project"]] += 1
        weights = np.array([1.0 / sizes[r["project"]] for r in rows]) * len(rows) / len(sizes)  # mean 1

    def ensemble(mask, xb, seeds: int) -> np.ndarray:
        model = fit_ensemble(x[mask], gains[mask], cfg, seeds, weights[mask], candidates)
        return np.argsort(-scores(model, xb), axis=1)

    tr, va, te = split == "train", split == "val", split == "test"
    if args.compare and args.cv:
        projects = sorted({r["project"] for r, s_ in zip(rows, split) if s_ != "test"})
        fold_of = {p: i % args.cv for i, p in enumerate(np.random.default_rng(0).permutation(projects))}
        folds = np.array([fold_of.get(r["project"], -1) for r in rows])
        orders = {"fixed": np.zeros_like(gains, dtype=int), "mlp": np.zeros_like(gains, dtype=int)}
        for k_ in args.cover:
            orders[f"mlp+cover k={k_}"] = np.zeros_like(gains, dtype=int)
        for k in range(args.cv):
            held, fit_mask = folds == k, (folds >= 0) & (folds != k)
            orders["fixed"][held] = fixed_order(gains[fit_mask])
            orders["mlp"][held] = ensemble(fit_mask, x[held], args.seeds)
            for k_ in args.cover:
                orders[f"mlp+cover k={k_}"][held] = cover_order(orders["mlp"][held], x[fit_mask], gains[fit_mask],
                                                                x[held], k_)
        every = folds >= 0
        sel = [r for r, m in zip(rows, every) if m]
        print(f"cv oracle                    {json.dumps(summary(sel, np.argsort(-gains[every], axis=1), gains[every]))}")
        for name, order in orders.items():
            print(f"cv {name:25s} {json.dumps(summary(sel, order[every], gains[every]))}", flush=True)
        return 0
    if args.compare:
        def show(name, mask, order):
            sel = [r for r, m in zip(rows, mask) if m]
            print(f"{name:28s} {json.dumps(summary(sel, order, gains[mask]))}", flush=True)
        oracle = np.argsort(-gains, axis=1)
        show("val oracle", va, oracle[va])
        show("val fixed", va, np.tile(fixed_order(gains[tr]), (va.sum(), 1)))
        for k in (10, 40) if args.knn else ():
            show(f"val knn k={k}", va, knn_order(x[tr], gains[tr], x[va], k))
        t0 = time.time()
        val_order = ensemble(tr, x[va], args.seeds)
        show(f"val mlp seeds={args.seeds}", va, val_order)
        print(f"  ({time.time() - t0:.0f}s)")
        for k_ in args.cover:
            show(f"val mlp+cover k={k_}", va, cover_order(val_order, x[tr], gains[tr], x[va], k_))
        if args.report_test:
            fit_mask = tr | va
            show("test oracle", te, oracle[te])
            show("test fixed", te, np.tile(fixed_order(gains[fit_mask]), (te.sum(), 1)))
            test_order = ensemble(fit_mask, x[te], args.seeds)
            show("test mlp", te, test_order)
            for k_ in args.cover:
                show(f"test mlp+cover k={k_}", te, cover_order(test_order, x[fit_mask], gains[fit_mask], x[te], k_))
    if args.out:
        fit_mask = tr if args.train_only else tr | va
        model = fit_ensemble(x[fit_mask], gains[fit_mask], cfg, args.seeds, weights[fit_mask], candidates)
        metrics = {"train_modules": int(fit_mask.sum()),
                   "train_projects": len({r["project"] for r, m in zip(rows, fit_mask) if m})}
        neighbours = (x[fit_mask], gains[fit_mask], args.ship_cover) if args.ship_cover else None
        export_ranker(model, args.out, candidates, feature_names(), FEATURE_VERSION, metrics,
                      "python " + " ".join(sys.argv), neighbours)
        print(f"exported to {args.out}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
