"""The edit history behind "learn from this edit": a burst is a run of changes to neighbouring lines."""

from __future__ import annotations

from lsprotocol import types

from clairvoyant.lsp.edit_history import EditHistory

TEXT = "a = 1\nb = 2\nc = 3\nd = 4\n"


def partial(line: int, start: int, end: int, text: str) -> types.TextDocumentContentChangePartial:
    return types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(line, start), types.Position(line, end)), text=text)


def test_neighbouring_changes_are_one_burst_a_change_elsewhere_starts_the_next():
    history = EditHistory()
    history.opened("u", TEXT)
    assert history.last_edit("u") is None
    history.changed("u", "a = 1\nb = 20\nc = 3\nd = 4\n", [partial(1, 5, 5, "0")])
    history.changed("u", "a = 1\nb = 20\nc = 30\nd = 4\n", [partial(2, 5, 5, "0")])
    burst = history.last_edit("u")
    assert (burst.before, burst.first, burst.last) == (TEXT, 1, 2)
    history.changed("u", "a = 1\nb = 20\nc = 30\nd = 4\ne = 5\n", [types.TextDocumentContentChangeWholeDocument(
        text="a = 1\nb = 20\nc = 30\nd = 4\ne = 5\n")])
    burst = history.last_edit("u")
    assert (burst.before, burst.first, burst.last) == ("a = 1\nb = 20\nc = 30\nd = 4\n", 4, 4)


def test_lines_added_inside_a_burst_move_its_end_and_learning_closes_it():
    history = EditHistory()
    history.opened("u", TEXT)
    history.changed("u", "a = 1\nb = 2\nx = 0\nc = 3\nd = 4\n", [partial(1, 5, 5, "\nx = 0")])
    history.changed("u", "a = 10\nb = 2\nx = 0\nc = 3\nd = 4\n", [partial(0, 5, 5, "0")])
    burst = history.last_edit("u")
    assert (burst.first, burst.last) == (0, 2)
    history.learned("u")
    assert history.last_edit("u") is None
    history.closed("u")
    history.changed("u", TEXT, [])
    assert history.last_edit("u") is None
