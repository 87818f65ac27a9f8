"""``clairvoyant bench``: benchmarks that print one JSON object (never tests)."""

from __future__ import annotations

import importlib

BENCH_MODULES = ["exec", "transforms", "llvm", "lsp"]


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("bench", help="measure speed and quality; prints JSON")
    bench_subparsers = parser.add_subparsers(dest="bench", metavar="BENCHMARK", required=True)
    for name in BENCH_MODULES:
        try:
            module = importlib.import_module(f"clairvoyant.bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"clairvoyant.bench.{name}":
                raise
            from .main import _missing_capability

            _missing_capability(bench_subparsers, name, exc)
            continue
        module.add_parser(bench_subparsers)
