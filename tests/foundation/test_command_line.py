"""The command line: every subcommand has --help; errors go to stderr with a non-zero exit."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from clairvoyant.cli.main import SUBCOMMAND_MODULES, build_parser


def clairvoyant(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "clairvoyant", *args], capture_output=True, text=True, check=False, **kwargs)


def test_every_subcommand_is_registered_and_built():
    parser = build_parser()
    choices = parser._subparsers._group_actions[0].choices
    for name in ["serve", "predict", "transform", "synthesize", "optimize", "bench", "models", "demo"]:
        assert name in choices, name
        assert "unavailable" not in (choices[name].description or "") + (choices[name].format_usage())
    assert set(SUBCOMMAND_MODULES) >= {"serve", "bench"}


@pytest.mark.parametrize("args", [["--help"], ["serve", "--help"], ["bench", "--help"], ["predict", "--help"],
                                  ["optimize", "--help"], ["transform", "--help"], ["synthesize", "--help"]])
def test_help(args):
    result = clairvoyant(*args)
    assert result.returncode == 0, result.stderr
    assert "usage: clairvoyant" in result.stdout


def test_no_command_prints_help_and_fails():
    result = clairvoyant()
    assert result.returncode == 2
    assert "usage: clairvoyant" in result.stderr


def test_models_json_lists_verified_models():
    result = clairvoyant("models", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["models"], "shipped models are found"
    assert all(entry["status"] == "ok" for entry in report["models"].values())


def test_errors_go_to_stderr_with_nonzero_exit(tmp_path):
    result = clairvoyant("demo", str(tmp_path / "nope"))
    assert result.returncode == 2
    assert "is not a folder" in result.stderr and result.stdout == ""
