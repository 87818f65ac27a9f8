"""A scripted LSP client that starts the real server: used by ``clairvoyant demo`` and ``clairvoyant bench lsp``."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import sys
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

SERVER_COMMAND = [sys.executable, "-m", "clairvoyant", "serve"]


class ScriptedClient:
    """Drives ``clairvoyant serve`` over stdio the way an editor would, and records what the server sends."""

    def __init__(self, command: list[str] | None = None):
        self.server_command = command or SERVER_COMMAND
        self.client = LanguageClient("clairvoyant-scripted-client", "1")
        self.messages: list[str] = []
        self.logs: list[str] = []
        self.diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.code_lens_refreshes = 0
        self.progress: list[types.ProgressParams] = []
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=200)
        self._versions: dict[str, int] = {}
        self._texts: dict[str, str] = {}
        self._register_handlers()

    def _register_handlers(self) -> None:
        c = self.client

        @c.feature(types.WINDOW_SHOW_MESSAGE)
        def show_message(params: types.ShowMessageParams):
            self.messages.append(params.message)

        @c.feature(types.WINDOW_LOG_MESSAGE)
        def log_message(params: types.LogMessageParams):
            self.logs.append(params.message)

        @c.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        def diagnostics(params: types.PublishDiagnosticsParams):
            self.diagnostics[params.uri] = list(params.diagnostics)

        @c.feature(types.WORKSPACE_CODE_LENS_REFRESH)
        def code_lens_refresh(params):
            self.code_lens_refreshes += 1

        @c.feature(types.PROGRESS)
        def progress(params: types.ProgressParams):
            self.progress.append(params)

        @c.feature(types.WINDOW_WORK_DONE_PROGRESS_CREATE)
        def progress_create(params):
            return None

        @c.feature(types.WORKSPACE_CONFIGURATION)
        def configuration(params: types.ConfigurationParams):
            return [None for _ in params.items]

        @c.feature(types.WORKSPACE_APPLY_EDIT)
        def apply_edit(params: types.ApplyWorkspaceEditParams):
            return types.ApplyWorkspaceEditResult(applied=True)

    async def start(self, root: Path, options: dict[str, Any] | None = None) -> types.InitializeResult:
        await self.client.start_io(*self.server_command)
        self._stderr_task = asyncio.ensure_future(self._drain_stderr())
        caps = types.ClientCapabilities(
            window=types.WindowClientCapabilities(work_done_progress=True),
            workspace=types.WorkspaceClientCapabilities(
                configuration=True,
                apply_edit=True,
                code_lens=types.CodeLensWorkspaceClientCapabilities(refresh_support=True),
            ),
            text_document=types.TextDocumentClientCapabilities(
                code_action=types.CodeActionClientCapabilities(
                    data_support=True, resolve_support=types.ClientCodeActionResolveOptions(properties=["edit"])
                ),
                hover=types.HoverClientCapabilities(content_format=[types.MarkupKind.Markdown]),
            ),
        )
        result = await self.client.initialize_async(
            types.InitializeParams(
                capabilities=caps,
                root_uri=root.resolve().as_uri(),
                initialization_options=options,
                process_id=None,
            )
        )
        self.client.initialized(types.InitializedParams())
        return result

    async def _drain_stderr(self) -> None:
        """Keep reading the server's stderr (a full pipe would block the server) and keep its last lines."""
        stream = self.client._server.stderr
        while line := await stream.readline():
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip())

    async def stop(self) -> None:
        with contextlib.suppress(Exception):  # the server may already be gone
            await asyncio.wait_for(self.client.shutdown_async(None), 10)
            self.client.exit(None)
        await self.client.stop()

    def open(self, path: Path, language: str | None = None, text: str | None = None) -> str:
        uri = path.resolve().as_uri()
        text = path.read_text(encoding="utf-8") if text is None else text
        language = language or ("llvm" if path.suffix == ".ll" else "python")
        self._versions[uri] = 1
        self._texts[uri] = text
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                text_document=types.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)
            )
        )
        return uri

    def change(self, uri: str, text: str) -> int:
        """Replace the whole text; returns the new version."""
        self._versions[uri] += 1
        self._texts[uri] = text
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=self._versions[uri]),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        return self._versions[uri]

    def text(self, uri: str) -> str:
        return self._texts[uri]

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri),
                              position=types.Position(line=line, character=character))
        )

    async def code_actions(self, uri: str, start_line: int, end_line: int) -> list[types.CodeAction | types.Command]:
        result = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(start_line, 0), end=types.Position(end_line, 0)),
                context=types.CodeActionContext(diagnostics=[]),
            )
        )
        return list(result or [])

    async def resolve(self, action: types.CodeAction) -> types.CodeAction:
        if not isinstance(action, types.CodeAction) or action.edit is not None:
            return action
        return await self.client.code_action_resolve_async(action)

    async def inlay_hints(self, uri: str) -> list[types.InlayHint]:
        lines = self._texts[uri].count("\n") + 1
        result = await self.client.text_document_inlay_hint_async(
            types.InlayHintParams(
                text_document=types.TextDocumentIdentifier(uri=uri),
                range=types.Range(start=types.Position(0, 0), end=types.Position(lines, 0)),
            )
        )
        return list(result or [])

    async def code_lenses(self, uri: str, wait_s: float = 0.0) -> list[types.CodeLens]:
        """Code lenses; with ``wait_s``, re-request until none says 'optimizing…' (or the time is up)."""
        deadline = asyncio.get_running_loop().time() + wait_s
        while True:
            lenses = list(
                await self.client.text_document_code_lens_async(
                    types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri))
                )
                or []
            )
            pending = any("optimizing" in (lens.command.title if lens.command else "") for lens in lenses)
            if not pending or asyncio.get_running_loop().time() >= deadline:
                return lenses
            await asyncio.sleep(0.25)

    async def command(self, name: str, *arguments) -> Any:
        return await self.client.workspace_execute_command_async(
            types.ExecuteCommandParams(command=name, arguments=list(arguments))
        )


def apply_edit(text: str, edit: types.WorkspaceEdit | None) -> str:
    """Apply the text edits of a workspace edit to one document's text (what an editor does)."""
    from .lsp.edits import apply_text_edits

    if edit is None:
        return text
    edits = []
    for change in edit.document_changes or []:
        edits.extend(change.edits)
    for changes in (edit.changes or {}).values():
        edits.extend(changes)
    return apply_text_edits(
        text,
        [((e.range.start.line, e.range.start.character), (e.range.end.line, e.range.end.character), e.new_text)
         for e in edits],
    )
