"""Training the pass ranker (needs torch, the `[train]` extra): a ranker learns which list suits which kind of
module, and its ONNX export is what the runtime loads and ranks with."""
from __future__ import annotations

import numpy as np
import pytest

from clairvoyant.llvm.features import feature_names, module_features
from clairvoyant.llvm.ranker import load_ranker, ranked_pipelines
from clairvoyant.runtime import ModelRegistry

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.slow

from test_ranker import LOOP, STRAIGHT

from clairvoyant.training.ranker import RankerConfig, export_ranker, fit_ensemble


@pytest.mark.parametrize("loss", ["expected", "listwise"])
def test_trained_ranker_exports_loads_and_ranks(tmp_path, loss):
    candidates = ["function(sroa),default<Oz>", "function(mem2reg),default<Oz>", "default<Oz>,mergefunc"]
    x = np.array([module_features(LOOP), module_features(STRAIGHT)] * 16, dtype=np.float32)
    gains = np.array([[0.1, 0.0, -0.5], [0.0, 0.1, -0.5]] * 16, dtype=np.float32)
    model = fit_ensemble(x, gains, RankerConfig(hidden=16, epochs=60, dropout=0.0, batch_size=8, loss=loss), seeds=2)
    neighbours = (x, gains, 4) if loss == "expected" else None
    export_ranker(model, tmp_path / "llvm-ranker", candidates, feature_names(), 2, {"n": 32}, "test", neighbours)
    ranker = load_ranker(ModelRegistry(tmp_path))
    assert ("neighbours.npz" in ranker.manifest.files) == (neighbours is not None)
    assert ranker is not None and ranker.labels == candidates and ranker.meta["feature_version"] == 2
    assert ranked_pipelines(ranker, LOOP)[0] == candidates[0]
    assert ranked_pipelines(ranker, STRAIGHT)[0] == candidates[1]
    assert ranker.manifest.raw["architecture"]["ensemble"] == 2
