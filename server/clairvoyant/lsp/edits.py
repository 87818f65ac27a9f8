"""Minimal text edits between two versions of a document (line diff refined to characters)."""

from __future__ import annotations

import difflib

from lsprotocol import types

from .documents import Snapshot


def _offsets(lines: list[str]) -> list[int]:
    starts, total = [], 0
    for line in lines:
        starts.append(total)
        total += len(line)
    starts.append(total)
    return starts


def _position(text: str, starts: list[int], offset: int) -> tuple[int, int]:
    """(line, column) in code points of a character offset, given line start offsets."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid - 1
    return lo, offset - starts[lo]


def text_edits(snap: Snapshot, new_text: str) -> list[types.TextEdit]:
    """Edits that turn ``snap.text`` into ``new_text``, touching only what changed."""
    old_text = snap.text
    if old_text == new_text:
        return []
    old_lines = old_text.splitlines(keepends=True)
    new_lines = new_text.splitlines(keepends=True)
    old_starts, new_starts = _offsets(old_lines), _offsets(new_lines)
    edits = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        a_start, a_end = old_starts[i1], old_starts[i2]
        b_start, b_end = new_starts[j1], new_starts[j2]
        old_chunk, new_chunk = old_text[a_start:a_end], new_text[b_start:b_end]
        prefix = len(_common_prefix(old_chunk, new_chunk))
        suffix = len(_common_prefix(old_chunk[prefix:][::-1], new_chunk[prefix:][::-1]))
        start = _position(old_text, old_starts, a_start + prefix)
        end = _position(old_text, old_starts, a_end - suffix)
        edits.append(
            types.TextEdit(range=snap.range(start, end), new_text=new_chunk[prefix : len(new_chunk) - suffix])
        )
    return edits


def _common_prefix(a: str, b: str) -> str:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return a[:n]


def apply_text_edits(text: str, edits: list[tuple[tuple[int, int], tuple[int, int], str]]) -> str:
    """Apply (start, end, new_text) edits given in code-point (line, col): used by tests and the demo client."""
    lines = text.splitlines(keepends=True)
    starts = _offsets(lines)

    def offset(pos: tuple[int, int]) -> int:
        line, col = pos
        if line >= len(lines):
            return len(text)
        return starts[line] + col

    for start, end, new in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[: offset(start)] + new + text[offset(end) :]
    return text
