"""The pass ranker: orders a fixed set of candidate pass lists for one module by how likely each is to win.

It reads the module (`features.module_features`) and scores every candidate list it was trained with
(`scripts/llvm/train_ranker.py`); the best-scored list is the single suggestion the editor shows first. The
next ones are what the search compiles when it has more budget: when the model ships its training modules
(`neighbours.npz`: standardised features and each candidate's gain), they are the lists that together win most
often on the module's nearest training modules (`cover`), so the search tries lists that win where the first
one does not; then the rest in score order.
"""
from __future__ import annotations

import logging
import weakref

import numpy as np

from clairvoyant.llvm.features import feature_names, module_features

log = logging.getLogger(__name__)

RANKER_NAME = "llvm-ranker"
NEIGHBOURS_FILE = "neighbours.npz"
COVER_LISTS = 29  # lists chosen by coverage (with -Oz: 30 compilations)
_warned: set[tuple[int, str]] = set()
_neighbours_cache: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # model -> its neighbours (or None)


def nearest(x_fit: np.ndarray, x_eval: np.ndarray, k: int) -> np.ndarray:
    """Row indices of the k nearest `x_fit` rows of each `x_eval` row (both already standardised)."""
    d = (x_eval * x_eval).sum(1)[:, None] - 2 * x_eval @ x_fit.T + (x_fit * x_fit).sum(1)[None, :]
    return np.argsort(d, axis=1, kind="stable")[:, :k]


def cover(order, gains: np.ndarray, n: int = COVER_LISTS) -> list[int]:
    """`order`'s first entry, then up to n - 1 entries chosen greedily to raise the mean over the rows of `gains`
    (non-negative gains of the nearest training modules, one column per candidate) of the best gain so far; then
    the rest of `order`. When no entry adds anything the next ones come from `order`."""
    order = [int(i) for i in order]
    chosen = order[:1]
    best = gains[:, chosen[0]].copy()
    while len(chosen) < min(n, len(order)):
        added = np.maximum(gains, best[:, None]).mean(axis=0)
        added[chosen] = -1.0
        c = int(np.argmax(added))
        if added[c] <= best.mean() + 1e-9:
            c = next(i for i in order if i not in chosen)
        chosen.append(c)
        best = np.maximum(best, gains[:, c])
    taken = set(chosen)
    return chosen + [i for i in order if i not in taken]


def write_neighbours(path, features: np.ndarray, gains: np.ndarray, k: int) -> None:
    """The training modules a ranker covers with: standardisation, standardised features (fp16) and gains."""
    mean, std = features.mean(axis=0), features.std(axis=0) + 1e-3
    np.savez_compressed(path, mean=mean.astype(np.float32), std=std.astype(np.float32), k=np.int64(k),
                        features=((features - mean) / std).astype(np.float16),
                        gains=np.maximum(gains, 0).astype(np.float16))


def _neighbours(model) -> dict | None:
    """The model's neighbours file (checksummed with the model), read once per loaded model; None when it has none."""
    if model not in _neighbours_cache:
        data = None
        if NEIGHBOURS_FILE in model.manifest.files:
            with np.load(model.manifest.directory / NEIGHBOURS_FILE) as z:
                data = {name: z[name] for name in z.files}
            data["features"] = data["features"].astype(np.float32)
            data["gains"] = data["gains"].astype(np.float32)
        _neighbours_cache[model] = data
    return _neighbours_cache[model]


def load_ranker(registry, name: str = RANKER_NAME):
    """The ranker model, or None (with a log line) when it is missing or was trained on other features."""
    try:
        model = registry.get(name)
    except Exception as e:  # noqa: BLE001 - a missing ranker degrades to the sampling model alone
        if (id(registry), name) not in _warned:  # once per registry, not on every optimisation
            _warned.add((id(registry), name))
            log.warning("%s unavailable (%s); candidates come from the sampling model only", name, e)
        return None
    if getattr(model, "feature_names", None) != feature_names():
        log.warning("%s was trained on other features; retrain it (scripts/llvm/train_ranker.py)", name)
        return None
    return model


def ranked_pipelines(model, text: str, vocabulary: tuple[str, ...] | None = None) -> list[str]:
    """All candidate lists, best first; lists using an entry outside `vocabulary` (if given) are left out."""
    from clairvoyant.llvm.passes import PipelineError, parse_pipeline
    features = module_features(text)
    order = np.argsort(-model.score(features), kind="stable")
    near = _neighbours(model)
    if near is not None:
        x = (np.asarray([features], dtype=np.float32) - near["mean"]) / near["std"]
        rows = nearest(near["features"], x, int(near["k"]))[0]
        order = cover(order, near["gains"][rows])
    out = []
    for i in order:
        pipeline = model.labels[int(i)]
        if vocabulary is not None:
            try:
                parse_pipeline(pipeline, vocabulary)
            except PipelineError:
                continue
        out.append(pipeline)
    return out

