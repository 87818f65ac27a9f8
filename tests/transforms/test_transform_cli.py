"""`clairvoyant transform list|apply` and `clairvoyant synthesize` on the command line."""

from __future__ import annotations

import json
import types

import pytest

from clairvoyant.cli.main import main


@pytest.fixture
def clairvoyant(capsys):
    """Run the command line in-process: clairvoyant(*args) -> (returncode, stdout, stderr)."""

    def run(*args: str):
        code = main(list(args))
        captured = capsys.readouterr()
        return types.SimpleNamespace(returncode=code, stdout=captured.out, stderr=captured.err)

    return run


def test_list_as_json(clairvoyant):
    result = clairvoyant("transform", "list", "--json")
    assert result.returncode == 0, result.stderr
    names = {t["name"] for t in json.loads(result.stdout)["transforms"]}
    assert {"none-comparison", "yield-from"} <= names


def test_apply_prints_writes_and_reports(clairvoyant, tmp_path):
    path = tmp_path / "a.py"
    path.write_text("x = None\nif x == None:\n    pass\n")
    result = clairvoyant("transform", "apply", "none-comparison", str(path))
    assert result.returncode == 0 and result.stdout == "x = None\nif x is None:\n    pass\n"
    result = clairvoyant("transform", "apply", "none-comparison", str(path), "--json", "--lines", "1:1")
    assert json.loads(result.stdout)["changed"] is False
    result = clairvoyant("transform", "apply", "none-comparison", str(path), "--write")
    assert result.returncode == 0 and path.read_text() == "x = None\nif x is None:\n    pass\n"


def test_apply_errors_go_to_stderr(clairvoyant, tmp_path):
    path = tmp_path / "bad.py"
    path.write_text("def (:\n")
    result = clairvoyant("transform", "apply", "none-comparison", str(path))
    assert result.returncode == 1 and "cannot parse Python source" in result.stderr and not result.stdout
    result = clairvoyant("transform", "apply", "no-such", str(tmp_path / "missing.py"))
    assert result.returncode == 1 and "cannot read" in result.stderr


def test_synthesize_writes_a_module_and_a_report(clairvoyant, tmp_path):
    examples = tmp_path / "ex.jsonl"
    rows = [
        {"transform": "has-key", "before": "a = d.has_key(k)\n", "after": "a = k in d\n"},
        {"transform": "has-key", "before": "if self.m.has_key(x):\n    f()\n", "after": "if x in self.m:\n    f()\n"},
        {"transform": "other", "before": "x = 1\n", "after": "x = 2\n"},
        {"transform": "has-key", "before": "b = cfg.has_key('a' + s)\n", "after": "b = 'a' + s in cfg\n"},
    ]
    examples.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    result = clairvoyant("synthesize", "--examples", str(examples), "--transform", "has-key", "--out", str(out),
                         "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["status"] == "ok" and len(summary["report"]) == 3
    assert (out / "has-key.py").is_file() and (out / "has-key.report.json").is_file()
    listed = clairvoyant("transform", "list", "--json", "--workspace", str(tmp_path))
    assert listed.returncode == 0  # no .clairvoyant/transforms there: just the built-ins


def test_synthesize_with_a_workspace_as_evidence(clairvoyant, tmp_path):
    examples = tmp_path / "ex.jsonl"
    examples.write_text(json.dumps({"before": "a = d.has_key(k)\n", "after": "a = k in d\n"}) + "\n")
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "m.py").write_text("x = table.has_key(name)\ny = 2\n")
    result = clairvoyant("synthesize", "--examples", str(examples), "--transform", "has-key", "--out",
                         str(tmp_path / "out"), "--corpus", str(tmp_path / "ws"), "--json")
    assert result.returncode == 0, result.stderr
    corpus = json.loads(result.stdout)["evidence"]["corpus"]
    assert corpus["statements"] == 2 and corpus["rules"]["rule_1"] == {"sites": 1, "like_examples": 1}


def test_synthesize_needs_its_arguments(clairvoyant):
    result = clairvoyant("synthesize")
    assert result.returncode == 1 and "--examples" in result.stderr


def test_bench_transforms_prints_metrics(clairvoyant, tmp_path):
    data = tmp_path / "data.jsonl"
    rows = [
        {"transform": "none-comparison", "before": "if a == None:\n    pass\n", "after": "if a is None:\n    pass\n"},
        {"transform": "none-comparison", "before": "b = a == 0\n", "after": "b = a == 0\n"},
        {"transform": "augmented-assignment", "before": "x = y + 1\n", "after": "x = y + 1\n"},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = clairvoyant("bench", "transforms", "--data", str(data), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["transforms"]["none-comparison"] == {"precision": 1.0, "recall": 1.0, "exact": 1.0, "n": 2,
                                                      "changed": 1, "errors": 0}
    assert report["transforms"]["augmented-assignment"]["changed"] == 0
    assert report["totals"]["precision_1"] == 1
