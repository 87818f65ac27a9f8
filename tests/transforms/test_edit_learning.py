"""Learning a transform from an edit: statement-level examples, refinement by later edits, the other places."""

from __future__ import annotations

import json
import types

import pytest

from clairvoyant.cli.main import main
from clairvoyant.transforms import TransformError
from clairvoyant.transforms.edit_learning import Place, _edit, edit_examples, learn_from_edit, workspace_files

REPORT = '''\
import os


def report(rows):
    if len(rows) == 0:
        return "empty"
    total = 0
    for row in rows:
        total += row
    return str(total)
'''

SERVICE = '''\
def summary(items, names):
    if len(items) == 0:
        print("no items")
    if len(names) == 1:
        print("one name")
    return len(items)


class Queue:
    def __init__(self):
        self.jobs = []

    def idle(self):
        return len(self.jobs) == 0
'''


@pytest.fixture
def workspace(tmp_path):
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "report.py").write_text(REPORT)
    (tmp_path / "pkg" / "service.py").write_text(SERVICE)
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "ignored.py").write_text("if len(x) == 0:\n    pass\n")
    return tmp_path


def _apply(text: str, places: list[Place]) -> str:
    """Apply non-overlapping places of one file, last first."""
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    for p in sorted(places, key=lambda p: p.start, reverse=True):
        start, end = offsets[p.start[0]] + p.start[1], offsets[p.end[0]] + p.end[1]
        text = text[:start] + p.new_text + text[end:]
    return text


def test_examples_are_the_changed_statements_with_their_headers_and_imports():
    after = REPORT.replace("if len(rows) == 0:", "if not rows:")
    assert edit_examples(REPORT, after) == [{
        "before": 'import os\ndef report(rows):\n    if len(rows) == 0:\n        return "empty"\n',
        "after": 'import os\ndef report(rows):\n    if not rows:\n        return "empty"\n'}]
    method = SERVICE.replace("return len(self.jobs) == 0", "return not self.jobs")
    (row,) = edit_examples(SERVICE, method)
    assert row["before"] == "class Queue:\n    def idle(self):\n        return len(self.jobs) == 0\n"
    assert row["after"] == "class Queue:\n    def idle(self):\n        return not self.jobs\n"


def test_two_edited_places_give_two_examples_and_imports_alone_none():
    after = SERVICE.replace("if len(items) == 0:", "if not items:").replace(
        "return len(self.jobs) == 0", "return not self.jobs")
    assert len(edit_examples(SERVICE, after)) == 2
    assert edit_examples("import os\nx = 1\n", "import sys\nx = 1\n") == []


def test_an_edit_that_does_not_parse_or_changes_nothing_is_refused(tmp_path):
    with pytest.raises(TransformError, match="does not parse"):
        edit_examples("x = 1\n", "x = (\n")
    with pytest.raises(TransformError, match="nothing to learn"):
        learn_from_edit("x = 1\n", "x = 1  \n", "same", tmp_path)


def test_learning_len_zero_offers_the_other_len_zero_sites_only(workspace):
    document = str(workspace / "pkg" / "report.py")
    after = REPORT.replace("if len(rows) == 0:", "if not rows:")
    learned = learn_from_edit(REPORT, after, "len_zero", workspace / ".clairvoyant" / "transforms", document,
                              workspace_files(workspace))
    assert learned.name == "len-zero" and learned.result.status == "ok"
    assert learned.module_path == workspace / ".clairvoyant" / "transforms" / "len-zero.py"
    assert learned.module_path.is_file()
    service = str(workspace / "pkg" / "service.py")
    assert {p.path for p in learned.places} == {service}  # not the document's own edit, not .venv
    assert sorted(p.new_text for p in learned.places) == ["not items", "not self.jobs"]
    rewritten = _apply(SERVICE, learned.places)
    assert "if not items:" in rewritten and "return not self.jobs" in rewritten
    assert "if len(names) == 1:" in rewritten and "return len(items)\n" in rewritten
    rows = [json.loads(line) for line in learned.examples_path.read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["source"] == "edit" and rows[0]["transform"] == "len-zero"


def test_a_second_edit_refines_the_same_transform(tmp_path):
    directory = tmp_path / "transforms"
    code = "def f(a, b, c):\n    if a == None:\n        return 1\n    if b != None:\n        return 2\n" \
           "    return c != None\n"
    first = code.replace("if a == None:", "if a is None:")
    learned = learn_from_edit(code, first, "none-check", directory, "doc.py")
    assert learned.places == []  # `!=` was never shown
    second = first.replace("if b != None:", "if b is not None:")
    learned = learn_from_edit(first, second, "none-check", directory, "doc.py")
    assert len(learned.examples) == 2
    assert [p.new_text for p in learned.places] == ["is not"]
    assert _apply(second, learned.places).endswith("    return c is not None\n")


def test_edit_as_one_replacement():
    assert _edit("f", "abc\nxyz\n", "abc\nxqz\n") == Place("f", (1, 1), (1, 2), "q")
    assert _edit("f", "same", "same") is None


def test_learn_edit_command(workspace, capsys):
    before, after = workspace / "before.txt", workspace / "pkg" / "report.py"
    before.write_text(REPORT)
    after.write_text(REPORT.replace("if len(rows) == 0:", "if not rows:"))
    code = main(["transform", "learn-edit", str(before), str(after), "--name", "len-zero",
                 "--workspace", str(workspace), "--json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0 and out["transform"] == "len-zero" and out["status"] == "ok"
    assert sorted(p["new_text"] for p in out["places"]) == ["not items", "not self.jobs"]
    assert "def rule_1" in out["source"] and out["examples"] == 1
    code = main(["transform", "learn-edit", str(before), str(after), "--name", "len-zero",
                 "--workspace", str(workspace)])
    text = types.SimpleNamespace(out=capsys.readouterr().out)
    assert code == 0 and "Apply the same edit in 2 other places:" in text.out


def test_a_name_from_the_edit_leaves_out_the_names_it_kept():
    from clairvoyant.transforms.naming import name_from_edit

    assert name_from_edit("if len(rows) == 0:\n", "if not rows:\n") == "len-0-to-not"
    assert name_from_edit("while len(queue) == 0:\n", "while not queue:\n") == "len-0-to-not"
    assert name_from_edit("if a == None:\n", "if a is None:\n") == "add-is"
    assert name_from_edit("x = 1\n", "x = 2\n") == "my-edit"


def test_a_preview_writes_nothing(tmp_path):
    learned = learn_from_edit(REPORT, REPORT.replace("if len(rows) == 0:", "if not rows:"), "len-zero", tmp_path,
                              "doc.py", {"service.py": SERVICE}, store=False)
    assert len(learned.places) == 2 and learned.examples and list(tmp_path.iterdir()) == []
