"""Document snapshots: the text, version and language of an open document at the time a request started."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument
from pygls.workspace.position_codec import PositionCodec, ServerTextPosition

PYTHON = "python"
LLVM = "llvm"
LLVM_LANGUAGE_IDS = {"llvm", "ll", "lifelines", "llvm-ir"}


def language_of(uri: str, language_id: str | None) -> str | None:
    """``python``, ``llvm`` (any ``.ll`` URI whatever its language id) or None for documents we do not serve."""
    path = uri.split("?", 1)[0].lower()
    if path.endswith(".ll") or (language_id or "").lower() in LLVM_LANGUAGE_IDS:
        return LLVM
    if (language_id or "").lower() == PYTHON or path.endswith((".py", ".pyi")):
        return PYTHON
    return None


@dataclass
class Snapshot:
    """An immutable view of a document; positions inside are code points, converted at the LSP boundary."""

    uri: str
    version: int | None
    text: str
    language: str | None
    codec: PositionCodec = field(repr=False)
    raw_lines: tuple[str, ...] = field(repr=False)

    @property
    def path(self) -> Path | None:
        """The file system path of a ``file:`` URI."""
        if not self.uri.startswith("file:"):
            return None
        fs_path = to_fs_path(self.uri)
        return Path(fs_path) if fs_path else None

    @property
    def name(self) -> str:
        """The last part of the URI, for messages."""
        return self.uri.rsplit("/", 1)[-1]

    def to_server(self, position: types.Position) -> tuple[int, int]:
        """Client position (UTF-16 or whatever was negotiated) → (line, code-point column), clamped to the text."""
        lines = self.raw_lines
        if not lines:
            return 0, 0
        line = max(0, min(position.line, len(lines) - 1))
        pos = self.codec.position_from_client_units(
            lines, types.Position(line=line, character=max(0, position.character))
        )
        return pos.line, pos.character

    def to_client(self, line: int, column: int) -> types.Position:
        """(line, code-point column) → client position."""
        lines = self.raw_lines
        if line >= len(lines):
            return types.Position(line=len(lines), character=0)
        return self.codec.position_to_client_units(lines, ServerTextPosition(line, column))

    def range(self, start: tuple[int, int], end: tuple[int, int]) -> types.Range:
        return types.Range(start=self.to_client(*start), end=self.to_client(*end))

    def full_range(self) -> types.Range:
        lines = self.raw_lines
        return types.Range(start=types.Position(0, 0), end=types.Position(line=len(lines), character=0))


def snapshot_of(document: TextDocument) -> Snapshot:
    """Snapshot of a pygls document."""
    return Snapshot(
        uri=document.uri,
        version=document.version,
        text=document.source,
        language=language_of(document.uri, document.language_id),
        codec=document.position_codec,
        raw_lines=tuple(document.lines),
    )
