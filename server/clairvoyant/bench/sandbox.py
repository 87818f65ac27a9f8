"""``clairvoyant bench sandbox``: start-up cost of `run_python("pass")` with bubblewrap vs the fallback mode."""

from __future__ import annotations

import json
import os
import platform
import time

from ..sandbox import run_python
from ..sandbox_isolation import NONE, Isolation, isolation
from .stats import latency_summary


def add_parser(bench_subparsers) -> None:
    p = bench_subparsers.add_parser("sandbox", help="sandbox start-up overhead: bubblewrap vs audit hook only")
    p.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    p.add_argument("--runs", type=int, default=40, help="runs of run_python('pass') per mode")
    p.set_defaults(func=run)


def _timings(runs: int, iso: Isolation) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        res = run_python("pass", purpose="generated", iso=iso)
        times.append((time.perf_counter() - start) * 1000)
        if not res.ok:
            raise RuntimeError(f"sandbox run failed: {res.error}")
    return times


def run(args) -> int:
    iso = isolation()
    fallback = Isolation(NONE, "fallback mode (rlimits, unshare --net, audit hook)")
    modes = {"fallback": fallback, **({"bubblewrap": iso} if iso.available else {})}
    _timings(2, iso if iso.available else fallback)  # warm the page cache and the probes
    timings: dict[str, list[float]] = {name: [] for name in modes}
    for _ in range(args.runs // 5):  # interleaved, so that background load hits both modes alike
        for name, mode in modes.items():
            timings[name] += _timings(5, mode)
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "kernel": platform.release()},
              "isolation": iso.to_dict(), "ms": {name: latency_summary(t) for name, t in timings.items()}}  # fmt: skip
    if iso.available:
        report["overhead_ms_p50"] = round(report["ms"]["bubblewrap"]["p50"] - report["ms"]["fallback"]["p50"], 1)
    print(json.dumps(report, indent=2))
    return 0
