"""Each open document's last edit burst: the text before it and the lines it touched (for "learn from this edit").

A burst is a run of changes to neighbouring lines: typing `not x` over `len(x) == 0` is one burst however many
notifications the editor sends; a change elsewhere, or learning from the burst, starts the next one. Per document
the history holds two texts (the current one and the one before the burst), so it stays small.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types


@dataclass
class Burst:
    before: str  # the whole text before the burst's first change
    first: int  # 0-based lines of the current text the burst touched
    last: int


@dataclass
class Document:
    text: str
    burst: Burst | None = None


class EditHistory:
    """Open documents' current text and last edit burst, updated from didOpen / didChange / didClose."""

    def __init__(self) -> None:
        self._documents: dict[str, Document] = {}

    def opened(self, uri: str, text: str) -> None:
        self._documents[uri] = Document(text)

    def closed(self, uri: str) -> None:
        self._documents.pop(uri, None)

    def changed(self, uri: str, text: str, changes: list) -> None:
        """Record the document's new ``text`` after ``changes`` (the didChange content changes)."""
        document = self._documents.get(uri)
        if document is None:
            self._documents[uri] = Document(text)
            return
        span = _changed_lines(document.text, text, changes)
        if span is not None:
            first, old_last, new_last = span
            burst = document.burst
            if burst is not None and first <= burst.last + 1 and old_last >= burst.first - 1:
                last = burst.last + new_last - old_last if burst.last > old_last else new_last
                document.burst = Burst(burst.before, min(burst.first, first), last)
            else:
                document.burst = Burst(document.text, first, new_last)
        document.text = text

    def last_edit(self, uri: str) -> Burst | None:
        """The document's last edit burst, or None when it has none since it was opened (or last learned from)."""
        document = self._documents.get(uri)
        return document.burst if document is not None else None

    def learned(self, uri: str) -> None:
        """The last burst was learned from: the next change starts a new one."""
        document = self._documents.get(uri)
        if document is not None:
            document.burst = None


def _changed_lines(old: str, new: str, changes: list) -> tuple[int, int, int] | None:
    """(first line, last old line, last new line) of what changed; None when nothing did."""
    if old == new:
        return None
    if len(changes) == 1 and isinstance(changes[0], types.TextDocumentContentChangePartial):
        start, end = changes[0].range.start.line, changes[0].range.end.line
        return start, end, start + changes[0].text.count("\n")
    old_lines, new_lines = old.splitlines(), new.splitlines()
    prefix = 0
    while prefix < min(len(old_lines), len(new_lines)) and old_lines[prefix] == new_lines[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old_lines), len(new_lines)) - prefix \
            and old_lines[-1 - suffix] == new_lines[-1 - suffix]:  # fmt: skip
        suffix += 1
    return prefix, max(prefix, len(old_lines) - suffix - 1), max(prefix, len(new_lines) - suffix - 1)
