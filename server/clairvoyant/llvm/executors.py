"""Executors: run independent tasks (one per module) and yield each outcome as soon as it is known.

One interface for every engine, `run(fn, items, timeout_s)`, yielding a `TaskOutcome` per item in completion
order; a task that raises, crashes its process or runs past `timeout_s` fails alone, the others go on.
  SerialExecutor   in this process (no isolation; for tests and tiny runs)
  LocalExecutor    a pool of local worker processes; a crashed or timed-out one is killed and replaced
  RayExecutor      Ray: a local instance on this machine's cores, or a cluster given its address
`fn` and the items must be picklable (module-level functions, plain values), and results JSON-able.
"""
from __future__ import annotations

import logging
import multiprocessing as mp
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


@dataclass
class TaskOutcome:
    """What became of task `index`: its value, or why it failed."""

    index: int
    ok: bool
    value: Any = None
    error: str | None = None
    seconds: float = 0.0


class Executor(Protocol):
    def run(self, fn: Callable, items: Sequence[tuple], timeout_s: float | None = None) -> Iterator[TaskOutcome]:
        """Run `fn(*item)` for every item; yield outcomes as tasks finish."""

    def close(self) -> None:
        """Release processes and clusters this executor started."""


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:1000]


class SerialExecutor:
    """Runs tasks one after another in this process; `timeout_s` is not enforced."""

    def run(self, fn, items, timeout_s=None):
        for i, item in enumerate(items):
            t0 = time.perf_counter()
            try:
                value = fn(*item)
            except Exception as e:  # noqa: BLE001 - a failing task fails alone
                yield TaskOutcome(i, False, error=_describe(e), seconds=time.perf_counter() - t0)
            else:
                yield TaskOutcome(i, True, value, seconds=time.perf_counter() - t0)

    def close(self) -> None:
        pass


def _serve(conn) -> None:
    """Worker-process loop: receive (fn, item), send (ok, value-or-error) until the pipe closes."""
    while True:
        try:
            fn, item = conn.recv()
        except EOFError:
            return
        try:
            conn.send((True, fn(*item)))
        except Exception as e:  # noqa: BLE001
            conn.send((False, _describe(e) + "\n" + traceback.format_exc(limit=3)[-500:]))


class _Slot:
    """One worker process and the task it is running."""

    def __init__(self, ctx):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self.proc.start()
        child.close()
        self.index: int | None = None
        self.started = 0.0

    def kill(self) -> None:
        self.proc.kill()
        self.proc.join()
        self.conn.close()


class LocalExecutor:
    """A pool of `workers` local processes (each keeps its own libLLVM worker between tasks)."""

    def __init__(self, workers: int = 1):
        self.workers = max(1, workers)
        self._ctx = mp.get_context("spawn")
        self._slots: list[_Slot] = []

    def run(self, fn, items, timeout_s=None):
        from multiprocessing.connection import wait
        queue = list(enumerate(items))[::-1]
        while len(self._slots) < min(self.workers, len(queue)):
            self._slots.append(_Slot(self._ctx))
        busy: list[_Slot] = []
        while queue or busy:
            for slot in self._slots:
                if slot.index is None and queue:
                    slot.index, item = queue.pop()
                    slot.started = time.perf_counter()
                    slot.conn.send((fn, item))
                    busy.append(slot)
            ready = wait([s.conn for s in busy] + [s.proc.sentinel for s in busy], timeout=0.5)
            now = time.perf_counter()
            for slot in list(busy):
                outcome, lost = None, False
                if slot.conn in ready and slot.conn.poll():
                    try:
                        ok, value = slot.conn.recv()
                        outcome = TaskOutcome(slot.index, ok, value if ok else None, None if ok else value)
                    except (EOFError, OSError):
                        pass
                if outcome is None and not slot.proc.is_alive():
                    outcome, lost = TaskOutcome(slot.index, False, error=f"worker process died (exit code "
                                                                         f"{slot.proc.exitcode})"), True
                elif outcome is None and timeout_s is not None and now - slot.started > timeout_s:
                    outcome, lost = TaskOutcome(slot.index, False, error=f"timed out after {timeout_s:.0f}s"), True
                if outcome is None:
                    continue
                outcome.seconds = now - slot.started
                busy.remove(slot)
                slot.index = None
                if lost:
                    self._replace(slot)
                yield outcome

    def _replace(self, slot: _Slot) -> None:
        slot.kill()
        self._slots[self._slots.index(slot)] = _Slot(self._ctx)

    def close(self) -> None:
        for slot in self._slots:
            slot.conn.close()
            slot.proc.join(timeout=5)
            if slot.proc.is_alive():
                slot.kill()
        self._slots = []


def _server_root() -> str:
    return str(Path(__file__).resolve().parents[2])


class RayExecutor:
    """Tasks on Ray: a local instance (`num_cpus`, default all cores) or the cluster at `address`.

    A task that raises, whose worker dies, or that runs past `timeout_s` (it is cancelled with force, which
    kills its worker) fails alone. On a cluster the `clairvoyant` package is shipped with the job
    (`runtime_env` py_modules); every node needs LLVM 19 and the same Python and Ray versions.
    """

    def __init__(self, address: str | None = None, num_cpus: int | None = None, cpus_per_task: float = 1.0,
                 object_store_mb: int = 256):
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        import ray
        self._ray = ray
        self.cpus_per_task = cpus_per_task
        self._owns = not ray.is_initialized()
        if not self._owns:
            return
        common = {"include_dashboard": False, "log_to_driver": False, "logging_level": logging.WARNING}
        if address:
            import clairvoyant
            ray.init(address=address, runtime_env={"py_modules": [clairvoyant]}, **common)
        else:
            server = _server_root()
            path = os.pathsep.join(p for p in (server, os.environ.get("PYTHONPATH")) if p)
            ray.init(num_cpus=num_cpus or os.cpu_count(), object_store_memory=object_store_mb * 2**20,
                     runtime_env={"env_vars": {"PYTHONPATH": path}}, **common)

    def slots(self) -> int:
        """How many tasks can run at once on the cluster."""
        cpus = self._ray.cluster_resources().get("CPU", 1)
        return max(1, int(cpus // self.cpus_per_task))

    def run(self, fn, items, timeout_s=None):
        ray = self._ray
        remote = ray.remote(num_cpus=self.cpus_per_task, max_retries=0)(fn)
        queue = list(enumerate(items))[::-1]
        pending: dict[Any, tuple[int, float]] = {}
        limit = self.slots()  # submit no more than can run, so that a task's clock starts when it does
        while queue or pending:
            while queue and len(pending) < limit:
                i, item = queue.pop()
                pending[remote.remote(*item)] = (i, time.perf_counter())
            ready, _ = ray.wait(list(pending), num_returns=1, timeout=0.5)
            now = time.perf_counter()
            for ref in ready:
                i, started = pending.pop(ref)
                try:
                    yield TaskOutcome(i, True, ray.get(ref), seconds=now - started)
                except Exception as e:  # noqa: BLE001 - RayTaskError, WorkerCrashedError, ...
                    yield TaskOutcome(i, False, error=_describe(e), seconds=now - started)
            if timeout_s is None:
                continue
            for ref, (i, started) in list(pending.items()):
                if now - started > timeout_s:
                    ray.cancel(ref, force=True)
                    del pending[ref]
                    yield TaskOutcome(i, False, error=f"timed out after {timeout_s:.0f}s", seconds=now - started)

    def close(self) -> None:
        if self._owns and self._ray.is_initialized():
            self._ray.shutdown()


def make_executor(kind: str = "local", workers: int = 1, address: str | None = None) -> Executor:
    """`serial`, `local` (a process pool of `workers`) or `ray` (local with `workers` CPUs, or `address`)."""
    if kind == "ray":
        return RayExecutor(address=address, num_cpus=None if address else workers)
    if kind == "local":
        return LocalExecutor(workers)
    return SerialExecutor()
