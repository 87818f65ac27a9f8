"""The pass ranker: what it reads of a module, how its candidate set is chosen and measured, how a trained
ranker is shipped and loaded (checksums, feature names), and how its order feeds the optimizer."""
from __future__ import annotations

import json

import numpy as np
import pytest

from clairvoyant.llvm import optimizer as O
from clairvoyant.llvm.candidates import choose_candidates, count_candidates
from clairvoyant.llvm.features import feature_names, module_features
from clairvoyant.llvm.passes import OZ, VOCABULARY
from clairvoyant.llvm.ranker import NEIGHBOURS_FILE, cover, load_ranker, ranked_pipelines, write_neighbours
from clairvoyant.runtime import ModelError, ModelRegistry, ScoringModel
from clairvoyant.runtime.scorer import write_scorer_files

LOOP = """define i32 @sum(i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %i1, %loop ]
  %s = phi i32 [ 0, %entry ], [ %s1, %loop ]
  %s1 = add i32 %s, %i
  %i1 = add i32 %i, 1
  %c = icmp slt i32 %i1, %n
  br i1 %c, label %loop, label %done
done:
  ret i32 %s1
}
"""
STRAIGHT = "define double @half(double %x) {\n  %y = fmul double %x, 5.000000e-01\n  ret double %y\n}\n"


def value(vector: list[float], name: str) -> float:
    return vector[feature_names().index(name)]


def test_features_read_the_code():
    loop, straight = module_features(LOOP), module_features(STRAIGHT)
    assert len(loop) == len(straight) == len(feature_names())
    assert value(loop, "op:phi") == pytest.approx(2 / 8) and value(straight, "op:phi") == 0
    assert value(loop, "log:back_edges") > 0 == value(straight, "log:back_edges")
    assert value(loop, "loops:1") == 1.0 and value(straight, "loops:0") == 1.0
    assert value(straight, "type:double") > 0 == value(loop, "type:double")
    assert sum(v for n, v in zip(feature_names(), loop) if n.startswith("bigram:")) == pytest.approx(1.0)
    assert module_features(LOOP) == loop  # deterministic (no Python hash randomisation)


CALLS = """@table = global ptr @callback
define internal i32 @helper(i32 %x) {
  %y = add i32 %x, 1
  ret i32 %y
}
define internal i32 @dead(i32 %x) {
  ret i32 %x
}
define internal i32 @callback(i32 %x) {
  %r = call i32 @callback(i32 %x)
  ret i32 %r
}
define i32 @main() {
  %a = call i32 @helper(i32 1)
  ret i32 %a
}
"""


def test_features_know_the_call_graph():
    v = module_features(CALLS)
    assert value(v, "cg:internal_called_once") == pytest.approx(2 / 4)  # helper; callback calls itself once
    assert value(v, "cg:internal_uncalled") == pytest.approx(1 / 4)  # dead
    assert value(v, "cg:address_taken") == pytest.approx(1 / 4)  # callback, stored in @table
    assert value(v, "cg:recursive") == pytest.approx(1 / 4)
    assert value(v, "cg:inst_small_called") == pytest.approx(4 / 7)  # helper and callback
    assert value(v, "cg:inst_internal") == pytest.approx(5 / 7)


def test_features_of_junk_are_zeros_not_errors():
    for junk in ["", "\x00\xff binary", "define i32 @f( {\n  garbage\n"]:
        assert len(module_features(junk)) == len(feature_names())


def test_candidates_cover_different_modules():
    rows = [{"ok": True, "file": "a", "oz_count": 100, "top": [["p1", 90], ["p2", 91]]},
            {"ok": True, "file": "b", "oz_count": 100, "top": [["p3", 95], [OZ, 100]]},
            {"ok": True, "file": "c", "oz_count": 100, "top": [["p1", 98], ["p2", 99]]}]
    # p1 adds most (12 points); p2 is good where p1 already is, so p3 (5 points elsewhere) comes next
    assert choose_candidates(rows, 3) == ["p1", "p3", "p2"]
    assert choose_candidates(rows, 1) == ["p1"]


def test_count_candidates_measures_each_list(modules):
    pipelines = ["function(sroa)", f"{OZ},function(sroa)", "nosuchpass"]
    row = count_candidates("sort", modules["sort"], pipelines)
    assert row["ok"] and row["oz_count"] < row["input_count"]
    assert set(row["counts"]) == set(pipelines) and row["counts"]["nosuchpass"] is None
    assert 0 < row["counts"][f"{OZ},function(sroa)"] <= row["input_count"]
    assert count_candidates("bad", "define i32 @f() {\n  ret void\n}\n", pipelines)["ok"] is False


def scorer_onnx(weights: np.ndarray, bias: np.ndarray) -> bytes:
    """A linear scorer, features @ weights + bias, as ONNX (built with `onnx`, no torch needed)."""
    from onnx import TensorProto, helper, numpy_helper
    graph = helper.make_graph(
        [helper.make_node("Gemm", ["features", "W", "b"], ["scores"])], "scorer",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", weights.shape[0]])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["batch", weights.shape[1]])],
        [numpy_helper.from_array(weights.astype(np.float32), "W"), numpy_helper.from_array(bias.astype(np.float32), "b")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()


@pytest.fixture(scope="module")
def tiny_ranker(tmp_path_factory):
    """A ranker for which phis (loops) favour list 0 and doubles (straight-line float code) list 1."""
    candidates = ["function(sroa),default<Oz>", "function(mem2reg),default<Oz>", "default<Oz>,mergefunc"]
    names = feature_names()
    weights = np.zeros((len(names), 3))
    weights[names.index("op:phi"), 0] = weights[names.index("type:double"), 1] = 10.0
    root = tmp_path_factory.mktemp("models")
    out = root / "llvm-ranker"
    out.mkdir()
    (out / "model.onnx").write_bytes(scorer_onnx(weights, np.array([0.0, 0.0, -1.0])))
    write_scorer_files(out, candidates, names, "llvm-pass-ranking", {"n_features": len(names)}, {})
    return root, candidates


def test_ranker_loads_and_ranks(tiny_ranker):
    root, candidates = tiny_ranker
    ranker = load_ranker(ModelRegistry(root))
    assert isinstance(ranker, ScoringModel) and ranker.labels == candidates
    assert ranked_pipelines(ranker, LOOP)[0] == candidates[0]
    assert ranked_pipelines(ranker, STRAIGHT)[0] == candidates[1]
    no_mergefunc = tuple(v for v in VOCABULARY if v != "mergefunc")
    assert ranked_pipelines(ranker, LOOP, no_mergefunc) == candidates[:2]  # lists LLVM cannot run are left out


def test_cover_keeps_the_first_then_adds_lists_that_win_elsewhere():
    # three neighbour modules; list 0 wins on the first, 1 and 2 (near copies) on the second, 3 on the third
    gains = np.array([[0.05, 0.0, 0.0, 0.0], [0.0, 0.04, 0.039, 0.0], [0.0, 0.0, 0.0, 0.03]])
    assert cover([0, 1, 2, 3], gains, n=3) == [0, 1, 3, 2], "a near copy of a chosen list comes last"
    assert cover([2, 0, 1, 3], gains, n=4)[:3] == [2, 0, 3], "the model's first list stays first"
    assert cover([3, 2, 1, 0], np.zeros((2, 4)), n=4) == [3, 2, 1, 0], "nothing to cover: the model's order"


def test_ranker_with_neighbours_covers_them(tiny_ranker, tmp_path):
    """A shipped neighbours file (checksummed) makes the second list the one that wins on the nearest modules."""
    import shutil
    root, candidates = tiny_ranker
    out = tmp_path / "llvm-ranker"
    shutil.copytree(root / "llvm-ranker", out)
    loop, straight = module_features(LOOP), module_features(STRAIGHT)
    x = np.array([loop, loop, straight], dtype=np.float32)
    gains = np.array([[0.1, 0.1, 0.0], [0.1, 0.0, 0.2], [0.0, 0.3, 0.0]])  # near LOOP: list 2 wins where 0 fails
    write_neighbours(out / NEIGHBOURS_FILE, x, gains, k=2)
    meta = json.loads((out / "candidates.json").read_text())
    write_scorer_files(out, candidates, meta["features"], "llvm-pass-ranking", {"n_features": len(meta["features"])},
                       {}, [NEIGHBOURS_FILE])
    ranker = load_ranker(ModelRegistry(tmp_path))
    assert ranked_pipelines(ranker, LOOP) == [candidates[0], candidates[2], candidates[1]]
    assert ranked_pipelines(load_ranker(ModelRegistry(root)), LOOP)[1] == candidates[1], "without: score order"
    (out / NEIGHBOURS_FILE).write_bytes(b"junk")
    with pytest.raises(ModelError, match="checksum"):
        ModelRegistry(tmp_path).get("llvm-ranker")


def test_tampered_or_stale_ranker_is_refused(tiny_ranker, tmp_path):
    root, _ = tiny_ranker
    import shutil
    shutil.copytree(root / "llvm-ranker", tmp_path / "llvm-ranker")
    meta = json.loads((tmp_path / "llvm-ranker" / "candidates.json").read_text())
    meta["features"] = meta["features"][:-1] + ["something-else"]
    (tmp_path / "llvm-ranker" / "candidates.json").write_text(json.dumps(meta))
    with pytest.raises(ModelError, match="checksum"):
        ModelRegistry(tmp_path).get("llvm-ranker")
    assert load_ranker(ModelRegistry(tmp_path)) is None  # logged, and the optimizer goes on without it


class FakeSampler:
    """Stands in for the sampling model: proposes fixed lists."""


def test_proposals_put_the_ranker_first_and_mix_in_samples(tiny_ranker, monkeypatch):
    root, candidates = tiny_ranker
    sampled = [("function(gvn),default<Oz>", -0.1), (candidates[0], -0.2), ("function(dse),default<Oz>", -0.3)]
    monkeypatch.setattr(O, "model_candidates", lambda model, text, n, vocab: sampled[:n])
    registry = ModelRegistry(root)
    got = O.proposals(LOOP, 5, registry, FakeSampler(), VOCABULARY)
    assert got[0] == (candidates[0], "ranker")  # the single suggestion is the ranker's
    assert got[O.SAMPLED_EVERY] == ("function(gvn),default<Oz>", "sampler")  # then every SAMPLED_EVERY-th slot
    lists = [p for p, _ in got]
    assert len(lists) == len(set(lists)) == 5 and OZ not in lists
    assert O.proposals(LOOP, 1, registry, FakeSampler(), VOCABULARY) == [(candidates[0], "ranker")]
    # without a ranker the sampler proposes everything
    assert O.proposals(LOOP, 2, ModelRegistry(root / "none"), FakeSampler(), VOCABULARY) == \
        [("function(gvn),default<Oz>", "sampler"), (candidates[0], "sampler")]


def test_shipped_ranker_reads_todays_features(modules):
    """The shipped ranker was trained on exactly the features this code computes, and ranks valid lists."""
    from clairvoyant.llvm.passes import parse_pipeline
    ranker = load_ranker(ModelRegistry())
    assert ranker is not None, "models/llvm-ranker is missing or was trained on other features: retrain it"
    order = ranked_pipelines(ranker, modules["interp"])
    assert len(order) == len(set(order)) == len(ranker.labels) > 30
    for pipeline in order:
        parse_pipeline(pipeline)
