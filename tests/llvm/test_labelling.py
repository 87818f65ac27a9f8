"""Corpus labelling: checkpoint and resume, a failing, crashing or hanging task loses only its own module,
on the local process pool and on a local Ray instance (2 CPUs) that starts and stops cleanly."""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

from clairvoyant.llvm.executors import LocalExecutor, SerialExecutor
from clairvoyant.llvm.labelling import Checkpoint, Job, label, pending, tune_module

DATA = Path(__file__).parent / "data"
KINDS = ["ok", "raise", "crash", "hang", "ok2"]


def faulty(kind: str) -> dict:
    """A task that succeeds, raises, kills its own process or hangs, as told."""
    if kind == "raise":
        raise ValueError("bad module")
    if kind == "crash":
        os._exit(3)
    if kind == "hang":
        time.sleep(300)
    return {"kind": kind}


def picky(name: str, ir: str, budget: int, seed: int, time_limit_s: float | None) -> dict:
    """`tune_module`, except that the module called strs fails."""
    if name == "strs":
        raise RuntimeError("strs is refused")
    return tune_module(name, ir, budget, seed, time_limit_s)


def jobs() -> list[Job]:
    return [Job(p.stem, p, {"project": "tests"}) for p in sorted(DATA.glob("*.ll"))]


def check_faults(executor) -> None:
    # warm up: worker processes start without a clock running, so the timeout below only meets the hang
    assert all(o.ok for o in executor.run(faulty, [("ok",)] * 2))
    outcomes = {KINDS[o.index]: o for o in executor.run(faulty, [(k,) for k in KINDS], timeout_s=12)}
    assert set(outcomes) == set(KINDS)
    assert outcomes["ok"].ok and outcomes["ok"].value == {"kind": "ok"} and outcomes["ok2"].ok
    assert not outcomes["raise"].ok and "bad module" in outcomes["raise"].error
    assert not outcomes["crash"].ok
    assert not outcomes["hang"].ok and "timed out" in outcomes["hang"].error


def check_label_and_resume(executor, tmp_path) -> None:
    ck = Checkpoint(tmp_path / "labels.jsonl")
    rows = list(label(executor, pending(jobs(), ck), ck, budget=12))
    assert sorted(r["file"] for r in rows) == ["interp", "sort", "strs"]
    for r in rows:
        assert r["ok"], r["error"]
        assert r["project"] == "tests" and r["best_count"] <= r["oz_count"] < r["input_count"]
        for oz, best, pipeline in r["functions"].values():
            assert best < oz and pipeline
    assert pending(jobs(), ck) == []
    # an interrupted run: the last row never made it, the one before was cut short
    lines = ck.path.read_text().splitlines()
    ck.path.write_text("\n".join(lines[:-2] + [lines[-2][:30]]) + "\n")
    missing = {json.loads(line)["file"] for line in lines[-2:]}
    todo = pending(jobs(), ck)
    assert {j.file for j in todo} == missing
    assert {r["file"] for r in label(executor, todo, ck, budget=12)} == missing
    assert pending(jobs(), ck) == [] and set(ck.rows()) == {"interp", "sort", "strs"}


def test_tune_module_keeps_per_function_bests(modules):
    row = tune_module("interp", modules["interp"], 30, 0)
    assert row["ok"] and list(row["top"][0]) == [row["best_pipeline"], row["best_count"]]
    assert set(row["functions"]) <= {"run", "count_ops"}
    assert tune_module("bad", "define i32 @f() {\n  ret void\n}\n", 10, 0)["ok"] is False


def test_failed_module_is_checkpointed_and_retried_on_request(tmp_path):
    ck = Checkpoint(tmp_path / "labels.jsonl")
    rows = {r["file"]: r for r in label(SerialExecutor(), jobs(), ck, budget=8, task=picky)}
    assert not rows["strs"]["ok"] and "refused" in rows["strs"]["error"] and rows["strs"]["project"] == "tests"
    assert rows["sort"]["ok"] and rows["interp"]["ok"]
    assert pending(jobs(), ck) == []
    assert [j.file for j in pending(jobs(), ck, retry_failed=True)] == ["strs"]


def test_local_pool_isolates_faults_and_resumes(tmp_path):
    executor = LocalExecutor(2)
    try:
        check_faults(executor)
        check_label_and_resume(executor, tmp_path)
    finally:
        executor.close()


def descendants(pid: int) -> set[int]:
    """Live processes below `pid` (from /proc)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = set(), [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.add(c)
            todo.append(c)
    return out


def test_ray_local_cluster(tmp_path):
    ray = pytest.importorskip("ray")
    from ray import cloudpickle

    from clairvoyant.llvm.executors import RayExecutor
    if ray.is_initialized():
        pytest.skip("a Ray instance is already running in this process")
    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # Ray workers cannot import this test module
    before = descendants(os.getpid())
    executor = RayExecutor(num_cpus=2)
    try:
        assert executor.slots() == 2
        check_faults(executor)
        check_label_and_resume(executor, tmp_path)
    finally:
        executor.close()
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert not ray.is_initialized()
    deadline = time.monotonic() + 20
    while descendants(os.getpid()) - before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert descendants(os.getpid()) - before == set()
