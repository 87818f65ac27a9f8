"""The library: loading, listing, finding and applying transforms, workspace modules, clear errors."""

from __future__ import annotations

import ast

import pytest

from clairvoyant.transforms import Application, TransformError, TransformLibrary, synthesize
from clairvoyant.transforms.catalog import read_index

SOURCE = '''import os


def check(user, items):
    # the user must exist
    if user == None:  # unset
        raise KeyError("user")
    total = 0
    for item in items:
        total = total + item.price
    return total
'''


@pytest.fixture(scope="module")
def library():
    return TransformLibrary.builtin()


def test_builtin_library_lists_the_shipped_transforms(library):
    infos = {i.name: i for i in library.infos()}
    shipped = {t["name"]: t for t in read_index()["transforms"] if t["status"] in ("ok", "precise-only")}
    assert set(infos) == set(shipped) and len(infos) >= 10
    for name, info in infos.items():
        assert info.source == "builtin" and info.title and info.description
        assert info.precise == (shipped[name]["status"] == "precise-only")


def test_find_applications_reports_where_transforms_apply(library):
    found = library.find_applications(SOURCE)
    assert Application("none-comparison", library_title(library, "none-comparison"), (5, 7), (5, 19)) in found
    aug = [a for a in found if a.transform == "augmented-assignment"]
    assert [(a.start, a.end) for a in aug] == [((9, 8), (9, 34))]
    assert library.find_applications(SOURCE, 0, 4) == []
    assert {a.transform for a in library.find_applications(SOURCE, 9, 9)} == {"augmented-assignment"}


def library_title(library, name):
    return next(i.title for i in library.infos() if i.name == name)


def test_apply_rewrites_and_keeps_comments_and_formatting(library):
    out = library.apply("none-comparison", SOURCE)
    assert out == SOURCE.replace("if user == None:  # unset", "if user is None:  # unset")
    assert library.apply("augmented-assignment", SOURCE).count("total += item.price") == 1


def test_apply_in_a_line_range_changes_only_sites_in_it(library):
    source = "a = a + 1\nb = 2\nc = c + 1\n"
    assert library.apply("augmented-assignment", source, 2, 2) == "a = a + 1\nb = 2\nc += 1\n"
    assert library.apply("augmented-assignment", source, 1, 1) == source
    assert library.apply("augmented-assignment", source) == "a += 1\nb = 2\nc += 1\n"


def test_nothing_to_do_returns_the_same_text(library):
    source = "x = 1\n"
    assert library.apply("none-comparison", source) is source


def test_malformed_python_is_a_clear_error(library):
    with pytest.raises(TransformError, match="cannot parse Python source"):
        library.find_applications("def broken(:\n")
    with pytest.raises(TransformError, match="cannot parse Python source"):
        library.apply("none-comparison", "if x == None\n")


def test_unknown_transform_is_a_clear_error(library):
    with pytest.raises(TransformError, match="unknown transform 'nope'"):
        library.apply("nope", "x = 1\n")


def test_workspace_transforms_are_loaded_and_offered(library, tmp_path):
    examples = [
        {"before": "n = len(xs) == 0\n", "after": "n = not xs\n"},
        {"before": "if len(self.items) == 0:\n    pass\n", "after": "if not self.items:\n    pass\n"},
        {"before": "ok = len(a.b()) == 0\n", "after": "ok = not a.b()\n"},
    ]
    result = synthesize(examples, "empty-check")
    assert result.ok
    (tmp_path / "empty-check.py").write_text(result.module_source)
    (tmp_path / "broken.py").write_text("raise RuntimeError('boom')\n")
    extended = library.with_directory(tmp_path)
    info = next(i for i in extended.infos() if i.name == "empty-check")
    assert info.source == "workspace"
    assert any("broken.py" in e for e in extended.errors)
    assert [a.transform for a in extended.find_applications("if len(rows) == 0:\n    stop()\n")] == ["empty-check"]
    assert extended.apply("empty-check", "go = len(q) == 0\n") == "go = not q\n"
    assert "empty-check" not in {i.name for i in library.infos()}, "the original library is unchanged"


def test_an_edit_that_would_not_parse_is_refused(tmp_path):
    module = '''
import libcst as cst
import libcst.matchers as m
from clairvoyant.transforms.runtime import RuleTransformer

NAME = "bad"
TITLE = "Bad"
DESCRIPTION = "Turns statements into yield from at module level."


class Transform(RuleTransformer):
    def leave_Expr(self, original_node, updated_node):
        return self.rewrite(original_node, updated_node, self.rule_1)

    def rule_1(self, node):
        return node.with_changes(value=cst.Yield(value=cst.From(item=node.value)))
'''
    (tmp_path / "bad.py").write_text(module)
    library = TransformLibrary().with_directory(tmp_path)
    with pytest.raises(TransformError, match="does not parse"):
        library.apply("bad", "print(1)\n")
    ast.parse("print(1)\n")


def test_a_crashing_workspace_transform_does_not_hide_the_others(library, tmp_path):
    (tmp_path / "crash.py").write_text('''
from clairvoyant.transforms.runtime import RuleTransformer

NAME = "crash"
TITLE = "Crash"
DESCRIPTION = "Raises on every comparison."


class Transform(RuleTransformer):
    NAME = NAME

    def leave_Comparison(self, original_node, updated_node):
        raise RuntimeError("boom")
''')
    extended = library.with_directory(tmp_path)
    found = extended.find_applications("if x == None:\n    pass\n")
    assert [a.transform for a in found] == ["none-comparison"]
    with pytest.raises(TransformError, match="transform crash failed: RuntimeError: boom"):
        extended.apply("crash", "if x == None:\n    pass\n")
