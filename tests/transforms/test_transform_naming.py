"""Transform names are kebab-case everywhere, titles come from the examples, `transform list` tells where each
transform comes from, and the LLM generator does not import the synthesizer (no import cycle)."""

from __future__ import annotations

import ast
import json
import types
from pathlib import Path

import pytest

from clairvoyant.cli.main import main
from clairvoyant.transforms import TransformError, llm, synthesize
from clairvoyant.transforms.naming import normalize_name

LEN_ZERO = [
    {"before": "if len(items) == 0:\n    print(1)\n", "after": "if not items:\n    print(1)\n"},
    {"before": "ok = len(self.errors) == 0\n", "after": "ok = not self.errors\n"},
    {"before": "while len(queue) == 0:\n    wait()\n", "after": "while not queue:\n    wait()\n"},
    {"before": "if len(items) == 1:\n    pass\n", "after": "if len(items) == 1:\n    pass\n"},
]


@pytest.mark.parametrize("raw,name", [("len_zero", "len-zero"), ("len-zero", "len-zero"), ("LenZero", "len-zero"),
                                      ("len zero", "len-zero"), ("Has__Key", "has-key"), ("py3-only", "py3-only")])
def test_names_are_normalized_to_kebab_case(raw, name):
    assert normalize_name(raw) == name


@pytest.mark.parametrize("raw", ["", "-", "9lives", "len!zero", "../x"])
def test_names_that_cannot_be_kebab_case_are_rejected(raw):
    with pytest.raises(TransformError, match="kebab-case"):
        normalize_name(raw)


def test_module_name_and_title_come_out_right():
    result = synthesize(LEN_ZERO, "len_zero")
    assert result.ok and result.name == "len-zero"
    assert "NAME = 'len-zero'" in result.module_source
    assert "TITLE = '`len(items) == 0` → `not items`'" in result.module_source
    titled = synthesize(LEN_ZERO, "len-zero", title="Test emptiness directly")
    assert "TITLE = 'Test emptiness directly'" in titled.module_source


def _cli(capsys, *args):
    code = main(list(args))
    out = capsys.readouterr()
    return types.SimpleNamespace(returncode=code, stdout=out.out, stderr=out.err)


def test_cli_stores_kebab_case_and_lists_the_source(capsys, tmp_path):
    examples = tmp_path / "ex.jsonl"
    examples.write_text("".join(json.dumps(dict(r, transform="len_zero")) + "\n" for r in LEN_ZERO))
    folder = tmp_path / ".clairvoyant" / "transforms"
    result = _cli(capsys, "synthesize", "--examples", str(examples), "--transform", "len_zero", "--out", str(folder))
    assert result.returncode == 0, result.stderr
    assert "'len_zero' is stored as 'len-zero'" in result.stderr
    assert (folder / "len-zero.py").is_file() and not (folder / "len_zero.py").exists()
    listed = _cli(capsys, "transform", "list", "--workspace", str(tmp_path))
    lines = {line.split()[0]: line.split()[1] for line in listed.stdout.splitlines()}
    assert lines["len-zero"] == "workspace" and lines["none-comparison"] == "shipped"
    bad = _cli(capsys, "synthesize", "--examples", str(examples), "--transform", "len!zero", "--out", str(folder))
    assert bad.returncode == 1 and "kebab-case" in bad.stderr


def test_llm_generator_does_not_import_the_synthesizer():
    tree = ast.parse(Path(llm.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert "clairvoyant.transforms.synthesis" not in imported
