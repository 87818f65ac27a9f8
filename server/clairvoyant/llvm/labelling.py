"""Corpus labelling: autotune many modules through an `Executor`, checkpointed in an append-only JSONL file.

Each module is one task (`tune_module`, IR text in, JSON-able row out), so a cluster node needs no shared file
system. Every finished task, failed ones included, is appended to the checkpoint at once; a rerun skips what
the checkpoint already holds (failed modules too, unless `retry_failed`), so an interrupted run resumes.
"""
from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from clairvoyant.llvm.executors import Executor

_BACKEND = None


def tune_module(name: str, ir: str, budget: int, seed: int, time_limit_s: float | None = None) -> dict:
    """Task: autotune one module with this process's backend; a JSON-able row (never raises for bad IR)."""
    global _BACKEND
    from clairvoyant.llvm.autotune import autotune
    from clairvoyant.llvm.backend import make_backend
    if _BACKEND is None:
        _BACKEND = make_backend()
    try:
        res = autotune(_BACKEND, ir, budget=budget, seed=seed, time_limit_s=time_limit_s)
    except RuntimeError as e:  # the module does not parse, or -Oz fails on it
        return {"file": name, "ok": False, "error": str(e)[:500]}
    return {"file": name, "ok": True, **res.to_dict()}


class Checkpoint:
    """Append-only JSONL of finished modules, keyed by `file`; the last line for a module wins."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    def rows(self) -> dict[str, dict]:
        out: dict[str, dict] = {}
        if self.path.exists():
            for line in self.path.read_text().splitlines():
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:  # a line cut short by a kill: that module is redone
                    continue
                out[row["file"]] = row
        return out

    def append(self, row: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a") as f:
            f.write(json.dumps(row) + "\n")


@dataclass
class Job:
    """One module to label: its checkpoint key, where its IR is, and extra fields copied into its row."""

    file: str
    path: Path
    extra: dict


def pending(jobs: list[Job], checkpoint: Checkpoint, retry_failed: bool = False) -> list[Job]:
    """Jobs the checkpoint does not hold yet (or holds as failed, with `retry_failed`)."""
    done = checkpoint.rows()
    return [j for j in jobs if j.file not in done or (retry_failed and not done[j.file].get("ok"))]


def run_tasks(executor: Executor, jobs: list[Job], checkpoint: Checkpoint, task: Callable, args: tuple = (),
              task_timeout_s: float | None = None) -> Iterator[dict]:
    """Run `task(file, ir, *args)` for each job (call `pending` first to resume), appending each row as it
    finishes (a failed, crashed or timed-out task becomes `{"file", "ok": false, "error"}`); yields the rows."""
    items = [(j.file, j.path.read_text(errors="replace"), *args) for j in jobs]
    for outcome in executor.run(task, items, timeout_s=task_timeout_s):
        job = jobs[outcome.index]
        row = outcome.value if outcome.ok else {"file": job.file, "ok": False, "error": outcome.error}
        row.update(job.extra)
        checkpoint.append(row)
        yield row


def label(executor: Executor, jobs: list[Job], checkpoint: Checkpoint, budget: int, seed: int = 0,
          time_limit_s: float | None = None, task_timeout_s: float | None = None,
          task: Callable = tune_module) -> Iterator[dict]:
    """Autotune `jobs` with `budget` evaluations each (see `run_tasks`)."""
    return run_tasks(executor, jobs, checkpoint, task, (budget, seed, time_limit_s), task_timeout_s)


def print_progress(rows: Iterator[dict], total: int, describe: Callable[[dict], str], executor: Executor) -> None:
    """Consume `rows` (from `run_tasks`), printing one line per module, then close the executor."""
    t0 = time.perf_counter()
    try:
        for i, row in enumerate(rows):
            text = describe(row) if row["ok"] else f"FAILED {row['error'][:200]}"
            print(f"[{i + 1}/{total}] {Path(row['file']).name}: {text}", flush=True)
    finally:
        executor.close()
    print(f"done in {time.perf_counter() - t0:.0f}s", flush=True)
