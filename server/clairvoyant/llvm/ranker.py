"""The pass ranker: orders a fixed set of candidate pass lists for one module by how likely each is to win.

It reads the module (`features.module_features`) and scores every candidate list it was trained with
(`scripts/llvm/train_ranker.py`); the first is the single suggestion the editor shows first, the next ones
are what the search compiles when it has more budget.
"""
from __future__ import annotations

import logging

import numpy as np

from clairvoyant.llvm.features import feature_names, module_features

log = logging.getLogger(__name__)

RANKER_NAME = "llvm-ranker"
_warned: set[tuple[int, str]] = set()


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
    scores = model.score(module_features(text))
    out = []
    for i in np.argsort(-scores, kind="stable"):
        pipeline = model.labels[int(i)]
        if vocabulary is not None:
            try:
                parse_pipeline(pipeline, vocabulary)
            except PipelineError:
                continue
        out.append(pipeline)
    return out

