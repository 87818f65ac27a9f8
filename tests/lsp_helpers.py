"""Shared helpers for pytest-lsp end-to-end tests: start the real server, open documents, wait for messages."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER_COMMAND = [sys.executable, "-m", "clairvoyant", "serve"]
CLIENTS = ["visual-studio-code", "neovim@v0.7.0", "neovim@v0.11.0"]


def server_config(**env) -> ClientServerConfig:
    return ClientServerConfig(server_command=SERVER_COMMAND, server_env=env or None)


async def initialize(client: LanguageClient, capabilities: str = "visual-studio-code", options=None,
                     root: Path | None = None) -> types.InitializeResult:
    """Initialize a session as the named client (pytest-lsp's recorded capabilities)."""
    return await client.initialize_session(
        types.InitializeParams(
            capabilities=client_capabilities(capabilities),
            initialization_options=options,
            root_uri=root.as_uri() if root else None,
            workspace_folders=[types.WorkspaceFolder(uri=root.as_uri(), name=root.name)] if root else None,
        )
    )


def open_document(client: LanguageClient, path: Path, text: str, language: str, version: int = 1) -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
        )
    )
    return uri


def change_document(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def wait_until(predicate, timeout: float = 20.0, interval: float = 0.05):
    """Poll ``predicate()`` until it returns something truthy; return that value."""
    async def poll():
        while not (value := predicate()):
            await asyncio.sleep(interval)
        return value

    return await asyncio.wait_for(poll(), timeout)


async def wait_until_async(make, timeout: float = 20.0):
    """Re-run the coroutine factory ``make`` until it returns something truthy; return that value."""
    async def poll():
        while not (value := await make()):
            await asyncio.sleep(0.1)
        return value

    return await asyncio.wait_for(poll(), timeout)


async def wait_for_diagnostics(client: LanguageClient, uri: str, predicate=lambda d: True, timeout: float = 20):
    """The diagnostics published for ``uri`` once ``predicate(diagnostics)`` holds."""
    found = await wait_until(
        lambda: (client.diagnostics[uri],) if uri in client.diagnostics and predicate(client.diagnostics[uri]) else None,
        timeout,
    )
    return found[0]


async def hover(client: LanguageClient, uri: str, line: int, character: int):
    return await client.text_document_hover_async(
        types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri),
                          position=types.Position(line=line, character=character))
    )


async def code_actions(client: LanguageClient, uri: str, start: tuple[int, int], end: tuple[int, int], only=None):
    return await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(*start), end=types.Position(*end)),
            context=types.CodeActionContext(diagnostics=[], only=only),
        )
    )


def handle_refresh_requests(client: LanguageClient) -> None:
    """Answer the server's refresh requests (the recorded VS Code capabilities advertise them); counts them."""
    client.refreshes = {"codeLens": 0, "inlayHint": 0}

    @client.feature(types.WORKSPACE_CODE_LENS_REFRESH)
    def code_lens_refresh(*_):
        client.refreshes["codeLens"] += 1

    @client.feature(types.WORKSPACE_INLAY_HINT_REFRESH)
    def inlay_hint_refresh(*_):
        client.refreshes["inlayHint"] += 1
