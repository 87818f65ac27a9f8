"""Document sync: publish diagnostics shortly after a document opens or changes (debounced, never stale), and keep
each document's last edit burst (`edit_history`)."""

from __future__ import annotations

import asyncio

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified

from .diagnostics import diagnostics
from .documents import LLVM, PYTHON
from .server import ClairvoyantServer

DEBOUNCE_S = 0.3


def register(server: ClairvoyantServer) -> None:
    pending: dict[str, asyncio.Task] = {}

    async def publish(ls: ClairvoyantServer, uri: str, delay: float) -> None:
        await asyncio.sleep(delay)
        try:
            found = await ls.on_document(uri, diagnostics, languages=(PYTHON, LLVM))
        except JsonRpcContentModified:
            return  # a newer version is scheduled
        except Exception as exc:  # noqa: BLE001 - a bug in diagnostics must not end this task silently
            ls.log_message(f"diagnostics for {uri} failed: {exc!r}", types.MessageType.Error)
            return
        if found is not None:
            ls.text_document_publish_diagnostics(found)

    def schedule(ls: ClairvoyantServer, uri: str, delay: float) -> None:
        if (task := pending.pop(uri, None)) is not None:
            task.cancel()
        task = asyncio.ensure_future(publish(ls, uri, delay))
        pending[uri] = task
        task.add_done_callback(lambda t: pending.pop(uri, None) if pending.get(uri) is t else None)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: ClairvoyantServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.edits.opened(params.text_document.uri, params.text_document.text)
        schedule(ls, params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    async def did_change(ls: ClairvoyantServer, params: types.DidChangeTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.edits.changed(uri, ls.workspace.get_text_document(uri).source, params.content_changes)
        schedule(ls, params.text_document.uri, DEBOUNCE_S)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    async def did_save(ls: ClairvoyantServer, params: types.DidSaveTextDocumentParams) -> None:
        schedule(ls, params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    async def did_close(ls: ClairvoyantServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.edits.closed(params.text_document.uri)
        if (task := pending.pop(params.text_document.uri, None)) is not None:
            task.cancel()
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )
