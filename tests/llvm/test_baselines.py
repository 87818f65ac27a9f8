"""Baselines for the pass model: the frequent list from labels, random lists, best-of-n at n compilations."""
import json

from clairvoyant.llvm.baselines import frequent_pipelines, prefix_bests, random_pipelines
from clairvoyant.llvm.passes import OZ, parse_pipeline


def test_frequent_pipelines_counts_strict_wins(tmp_path):
    rows = [{"ok": True, "oz_count": 10, "best_count": 9, "best_pipeline": "function(sroa),default<Oz>"},
            {"ok": True, "oz_count": 10, "best_count": 8, "best_pipeline": "function(sroa),default<Oz>"},
            {"ok": True, "oz_count": 10, "best_count": 9, "best_pipeline": "globaldce,default<Oz>"},
            {"ok": True, "oz_count": 10, "best_count": 10, "best_pipeline": OZ},
            {"ok": False, "error": "timed out"}]
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    assert frequent_pipelines([path], 5) == ["function(sroa),default<Oz>", "globaldce,default<Oz>"]
    assert frequent_pipelines([path], 1) == ["function(sroa),default<Oz>"]


def test_random_pipelines_are_distinct_grammatical_and_seeded():
    lists = random_pipelines(25, seed=3)
    assert len(set(lists)) == 25 and OZ not in lists
    for p in lists:
        parse_pipeline(p)
    assert random_pipelines(25, seed=3) == lists != random_pipelines(25, seed=4)


def test_prefix_bests_never_worse_than_oz_and_monotone(modules, lib_backend):
    ir = modules["interp"]
    oz = lib_backend.evaluate(ir, OZ).count
    pipelines = ["function(loop(licm))", "function(separate-const-offset-from-gep),default<Oz>"]
    pipelines += random_pipelines(6, seed=0)
    best = prefix_bests(lib_backend, ir, pipelines, [1, 2, 3, 9])
    assert best[1] == oz and best[2] == oz  # -Oz alone; then a failing candidate is ignored
    assert best[9] <= best[3] <= oz
    assert best[3] == lib_backend.evaluate(ir, pipelines[1]).count < oz
