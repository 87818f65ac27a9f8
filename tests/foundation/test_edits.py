"""Minimal text edits: applying them reproduces the new text exactly, and untouched lines are not edited."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pygls.workspace import TextDocument

from clairvoyant.lsp.documents import snapshot_of
from clairvoyant.lsp.edits import apply_text_edits, text_edits
from clairvoyant.lsp.regions import statement_region

lines = st.lists(st.sampled_from(["x = 1", "if a == None:", "    pass", "", "# c", "def f(y):", "    return y",
                                  "é = 'ü'", "z = [1,\n 2]"]), max_size=12)


def snap(text: str):
    return snapshot_of(TextDocument("file:///t.py", text, version=1, language_id="python"))


def apply(text: str, edits) -> str:
    return apply_text_edits(text, [((e.range.start.line, e.range.start.character),
                                    (e.range.end.line, e.range.end.character), e.new_text) for e in edits])


@settings(max_examples=300, deadline=None)
@given(old=lines, new=lines, trailing=st.booleans())
def test_edits_turn_old_into_new(old, new, trailing):
    old_text = "\n".join(old) + ("\n" if trailing else "")
    new_text = "\n".join(new) + ("\n" if trailing and new else "")
    edits = text_edits(snap(old_text), new_text)
    assert apply(old_text, edits) == new_text
    if old_text == new_text:
        assert edits == []


def test_edit_touches_only_the_changed_characters():
    old = "a = 1\nif x == None:\n    pass\nb = 2\n"
    new = "a = 1\nif x is None:\n    pass\nb = 2\n"
    (edit,) = text_edits(snap(old), new)
    assert (edit.range.start.line, edit.range.start.character) == (1, 5)
    assert (edit.range.end.line, edit.range.end.character) == (1, 7)
    assert edit.new_text == "is"


def test_statement_region_covers_whole_top_level_statements():
    text = "import os\n\n@dec\ndef f(x):\n    if x == None:\n        return 1\n\ny = 2\n"
    assert statement_region(text, 4, 4) == (2, 5)
    assert statement_region(text, 7, 7) == (7, 7)
    assert statement_region(text, 1, 1) is None
    assert statement_region("def f(:\n", 0, 0) is None
