"""``clairvoyant bench``: benchmarks that print one JSON object (never tests)."""

from __future__ import annotations

import importlib

BENCH_MODULES = ["exec", "transforms", "llvm", "lsp", "sandbox"]


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("bench", help="measure speed and quality; prints JSON")
    bench_subparsers = parser.add_subparsers(dest="bench", metavar="BENCHMARK", required=True)
    for name in BENCH_MODULES:
        importlib.import_module(f"clairvoyant.bench.{name}").add_parser(bench_subparsers)
