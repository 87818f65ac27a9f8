"""Shared fixtures of the transforms tests: the benchmark data and a way to load a synthesized module."""

from __future__ import annotations

import types

import pytest

from clairvoyant.transforms import TransformLibrary
from clairvoyant.transforms.builtin import DEFAULT_DATA, load_jsonl
from clairvoyant.transforms.catalog import _entry


@pytest.fixture(scope="session")
def data():
    if not (DEFAULT_DATA / "train.jsonl").is_file():
        pytest.skip(f"benchmark data not found in {DEFAULT_DATA}")
    train, test = load_jsonl(DEFAULT_DATA / "train.jsonl"), load_jsonl(DEFAULT_DATA / "test.jsonl")

    def rows(split: str, name: str) -> list[dict]:
        return [r for r in (train if split == "train" else test) if r["transform"] == name]

    return types.SimpleNamespace(dir=DEFAULT_DATA, train=train, test=test, rows=rows)


@pytest.fixture
def library_of():
    """library_of(module_source) -> a TransformLibrary holding just that synthesized module."""

    def load(source: str) -> TransformLibrary:
        module = types.ModuleType("synthesized_for_test")
        exec(compile(source, "<synthesized>", "exec"), module.__dict__)  # noqa: S102 - the synthesizer's output
        return TransformLibrary([_entry(module, "workspace")])

    return load


_RUNNER = r'''
import contextlib, io, json, os, signal, sys, warnings
warnings.simplefilter("ignore")
result = os.fdopen(os.dup(1), "w")  # a program may close fd 0, 1 or 2 (`with open(1)`): restored each time
saved = {fd: os.dup(fd) for fd in (1, 2)}
null = os.open(os.devnull, os.O_RDWR)
def stop(*_):
    raise TimeoutError
signal.signal(signal.SIGALRM, stop)
out = []
for source in json.load(sys.stdin):
    buf = io.StringIO()
    os.dup2(null, 0)
    for fd, copy in saved.items():
        os.dup2(copy, fd)
    signal.alarm(2)
    try:
        with contextlib.redirect_stdout(buf):
            exec(compile(source, "<case>", "exec"), {"__name__": "__case__"})
        out.append(buf.getvalue())
    except BaseException as exc:  # noqa: BLE001 - the behaviour to compare
        out.append(buf.getvalue() + "raised " + type(exc).__name__)
    finally:
        signal.alarm(0)
result.write(json.dumps(out))
result.flush()
'''


def run_programs(sources: list[str], timeout_s: float = 120) -> list[str]:
    """Run our own known-safe test programs, each in a fresh namespace, in one subprocess in an empty
    directory: stdout (+ the exception type raised) per program."""
    import json
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as cwd:
        proc = subprocess.run([sys.executable, "-c", _RUNNER], input=json.dumps(sources), capture_output=True,
                              text=True, timeout=timeout_s, cwd=cwd, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.fixture(scope="session")
def programs():
    """programs(sources) -> per program its output (see `run_programs`)."""
    return run_programs
