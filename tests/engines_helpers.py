"""Engines without a server process: build them from settings, make snapshots, record what they tell the user."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.workspace import TextDocument

from clairvoyant.config import Settings, apply_settings
from clairvoyant.lsp.documents import Snapshot, snapshot_of
from clairvoyant.lsp.engines import Engines, Workspace, build_engines


class RecordingNotifier:
    """The engines' Notifier for tests: keeps every message, progress report and refresh."""

    def __init__(self):
        self.logs: list[str] = []
        self.told: list[str] = []
        self.progress: list[tuple[str, int]] = []
        self.code_lens_refreshes = 0

    def log_message(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        self.logs.append(message)

    def tell_user(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        self.told.append(message)

    def report_progress(self, token: str, title: str, message: str, percent: int) -> None:
        self.progress.append((token, percent))

    def refresh_code_lens(self) -> None:
        self.code_lens_refreshes += 1


BACKGROUND = ThreadPoolExecutor(max_workers=1, thread_name_prefix="test-background")


def engines_for(data: dict | None = None, root: Path | None = None, trusted: bool = True,
                previous: Engines | None = None) -> Engines:
    """Engines for ``data`` (editor-style settings) applied over the previous engines' settings, or the defaults."""
    settings, problems = apply_settings(previous.settings if previous else Settings(), data)
    assert problems == []
    workspace = Workspace(trusted=trusted, root=root) if previous is None else previous.workspace
    notifier = previous.notifier if previous else RecordingNotifier()
    return build_engines(settings, workspace, notifier, BACKGROUND, previous)


def snapshot(text: str, name: str = "demo.py", root: Path | None = None, version: int = 1) -> Snapshot:
    language = "llvm" if name.endswith(".ll") else "python"
    uri = (root / name).as_uri() if root else f"file:///tmp/{name}"
    return snapshot_of(TextDocument(uri, text, version=version, language_id=language))


def position(text: str, needle: str, offset: int = 1) -> types.Position:
    """The position ``offset`` characters into the first occurrence of ``needle``."""
    line = next(i for i, ln in enumerate(text.splitlines()) if needle in ln)
    return types.Position(line=line, character=text.splitlines()[line].index(needle) + offset)
