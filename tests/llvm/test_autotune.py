import random

from clairvoyant.llvm.autotune import autotune, random_candidate
from clairvoyant.llvm.passes import OZ, parse_pipeline


def test_random_candidates_are_in_the_grammar():
    rng = random.Random(0)
    for _ in range(200):
        family, passes = random_candidate(rng)
        assert parse_pipeline(",".join(passes)) == passes
        if family == "prefix":
            assert passes[-1] == OZ


def test_autotune_never_worse_than_oz_and_minimal(modules, lib_backend):
    res = autotune(lib_backend, modules["interp"], budget=60, seed=1)
    assert res.best_count <= res.oz_count < res.input_count
    assert res.evaluations >= 60
    # the best list is minimal: dropping any entry makes it worse
    entries = parse_pipeline(res.best_pipeline)
    if len(entries) > 1:
        for i in range(len(entries)):
            trial = ",".join(entries[:i] + entries[i + 1:])
            assert lib_backend.evaluate(modules["interp"], trial).count > res.best_count
    assert lib_backend.evaluate(modules["interp"], res.best_pipeline).count == res.best_count
