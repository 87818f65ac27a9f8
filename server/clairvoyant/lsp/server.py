"""The Clairvoyant language server: the engines, the worker pools, the one request path, and ``create_server``."""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import threading
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified, JsonRpcRequestCancelled
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .. import __version__
from ..config import Settings, apply_settings
from ..errors import ClairvoyantError
from .documents import Snapshot, snapshot_of
from .edit_history import EditHistory
from .engines import Engines, Workspace, build_engines

log = logging.getLogger(__name__)
T = TypeVar("T")

# Feature modules, each with ``register(server)``; one file per editor feature.
FEATURE_MODULES = [
    "configuration",
    "sync",
    "hover",
    "inlay_hints",
    "code_actions",
    "code_lens",
    "commands",
]


class DocumentTooLarge(ClairvoyantError):
    """A document over ``maxDocumentBytes``: model features are skipped for it."""


class DocumentNotOpen(ClairvoyantError):
    """A request names a document the editor has not opened (features read open documents only)."""


class ClairvoyantServer(LanguageServer):
    """pygls server owning the engines (replaced as a whole on a settings change) and the worker pools."""

    def __init__(self) -> None:
        super().__init__("clairvoyant", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         max_workers=2)  # fmt: skip
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="clairvoyant-engine")
        self.background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clairvoyant-background")
        self.stats = {"dropped_stale": 0}
        self.edits = EditHistory()  # each open document's last edit burst (learn from this edit)
        self.engines = build_engines(Settings(), Workspace(), self, self.background)
        self._swap_lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._told: set[str] = set()

    # ---- engines ---------------------------------------------------------------------------------------------------

    def replace_engines(self, settings: Settings | None = None, workspace: Workspace | None = None,
                        reload_transforms: bool = False) -> Engines:  # fmt: skip
        """Build the engines for new settings or workspace and swap them in (requests already running keep theirs)."""
        with self._swap_lock:
            old = self.engines
            self.engines = build_engines(settings or old.settings, workspace or old.workspace, self, self.background,
                                         old, reload_transforms)  # fmt: skip
            return self.engines

    def configure(self, data: Any, source: str, workspace: Workspace | None = None) -> None:
        """Apply settings from an editor; bad values are reported and keep their previous value."""
        settings, problems = apply_settings(self.engines.settings, data)
        for problem in problems:
            self.tell_user(f"Clairvoyant: {problem} ({source}); keeping the previous value", types.MessageType.Warning)
        self.replace_engines(settings, workspace)

    def workspace_of_client(self, trusted: bool) -> Workspace:
        """The workspace as the client describes it now."""
        folders = tuple(Path(to_fs_path(f.uri)) for f in self.workspace.folders.values())
        root = Path(self.workspace.root_path) if self.workspace.root_path else None
        return Workspace(trusted=trusted, root=root, folders=folders)

    # ---- the one request path --------------------------------------------------------------------------------------

    def snapshot(self, uri: str, max_bytes: int) -> Snapshot:
        """The current text of ``uri``; DocumentNotOpen, or DocumentTooLarge over ``max_bytes``."""
        document = self.workspace.text_documents.get(uri)
        if document is None:
            raise DocumentNotOpen(f"{uri} is not open in the editor")
        snap = snapshot_of(document)
        if len(snap.text) > max_bytes:
            raise DocumentTooLarge(
                f"{uri.rsplit('/', 1)[-1]} is {len(snap.text):,} characters, over clairvoyant.maxDocumentBytes "
                f"({max_bytes:,}); Clairvoyant skips model features for it"
            )
        return snap

    async def on_document(self, uri: str, feature: Callable[..., T], *args, languages: tuple[str, ...],
                          empty: T | None = None) -> T | None:  # fmt: skip
        """Snapshot → size check → worker pool → stale check. ``feature(engines, snapshot, *args)`` runs on a worker
        thread; an engine error becomes a message to the user and ``empty``, never a JSON-RPC error; a result for
        an outdated version of the document is dropped (ContentModified, as the LSP spec asks)."""
        engines = self.engines
        try:
            snap = self.snapshot(uri, engines.settings.max_document_bytes)
            if snap.language not in languages:
                return empty
            result = await self.offload(feature, engines, snap, *args)
        except ClairvoyantError as exc:
            self.tell_user(f"Clairvoyant: {exc}", types.MessageType.Info if isinstance(exc, DocumentTooLarge)
                           else types.MessageType.Error)  # fmt: skip
            return empty
        self.ensure_version(snap.uri, snap.version)
        return result

    def document_feature(self, method: str, options: Any = None, *, languages: tuple[str, ...],
                         empty: Any = None) -> Callable:  # fmt: skip
        """Register ``feature(engines, snapshot, params)`` for a ``textDocument/*`` request on the one request path."""

        def register(feature: Callable) -> Callable:
            async def handler(ls: ClairvoyantServer, params):
                return await ls.on_document(params.text_document.uri, feature, params, languages=languages,
                                            empty=empty)  # fmt: skip

            self.feature(method, options)(handler)
            return feature

        return register

    async def offload(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """Run engine work on the worker pool so the event loop keeps serving (cancellation drops the result)."""
        return await asyncio.get_running_loop().run_in_executor(self.executor, functools.partial(fn, *args, **kwargs))

    def ensure_version(self, uri: str, version: int | None) -> None:
        """ContentModified when ``uri`` no longer has ``version``."""
        document = self.workspace.text_documents.get(uri)
        if (document.version if document is not None else -1) != version:
            self.stats["dropped_stale"] += 1
            raise JsonRpcContentModified(f"{uri} changed while the request was computed")

    # ---- lifecycle -------------------------------------------------------------------------------------------------

    def started(self) -> None:
        """Called at ``initialized``: from now on worker threads reach the client through this event loop."""
        self._loop = asyncio.get_running_loop()

    def close(self) -> None:
        """Called at ``shutdown``: stop the pools (queued work is dropped) and the LLVM workers."""
        self.background.shutdown(wait=False, cancel_futures=True)
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.engines.llvm.backend.close()

    # ---- talking to the user (the engines' Notifier) ---------------------------------------------------------------

    def call_in_loop(self, fn: Callable[[], Awaitable | None]) -> None:
        """Run ``fn`` on the event loop thread (safe from worker threads)."""
        loop = self._loop
        if loop is not None and loop.is_running() and threading.current_thread() is not threading.main_thread():
            loop.call_soon_threadsafe(fn)
        else:
            fn()

    def log_message(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None:
        """window/logMessage (the editor's output panel) and the server log."""
        log.log(logging.WARNING if kind <= types.MessageType.Warning else logging.INFO, "%s", message)
        self.call_in_loop(lambda: self.window_log_message(types.LogMessageParams(type=kind, message=message)))

    def tell_user(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None:
        """window/showMessage, once per distinct message, plus the log."""
        self.log_message(message, kind)
        if message in self._told:
            return
        self._told.add(message)
        self.call_in_loop(lambda: self.window_show_message(types.ShowMessageParams(type=kind, message=message)))

    def client_supports(self, *path: str) -> bool:
        node = self.client_capabilities
        for name in path:
            node = getattr(node, name, None)
        return bool(node)

    def refresh_code_lens(self) -> None:
        if self.client_supports("workspace", "code_lens", "refresh_support"):
            self.call_in_loop(lambda: self.workspace_code_lens_refresh(None))

    def refresh_inlay_hints(self) -> None:
        if self.client_supports("workspace", "inlay_hint", "refresh_support"):
            self.call_in_loop(lambda: self.workspace_inlay_hint_refresh(None))

    def report_progress(self, token: str, title: str, message: str, percent: int) -> None:
        """Work-done progress: percent 0 begins, 100 ends; safe from worker threads; no-op for clients without it."""
        if not self.client_supports("window", "work_done_progress"):
            return

        def send() -> None:
            if percent <= 0:
                self.work_done_progress.create(token)
                self.work_done_progress.begin(
                    token, types.WorkDoneProgressBegin(title=title, message=message, percentage=0)
                )
            elif percent >= 100:
                self.work_done_progress.end(token, types.WorkDoneProgressEnd(message=message))
            else:
                self.work_done_progress.report(token, types.WorkDoneProgressReport(message=message, percentage=percent))

        self.call_in_loop(send)


class ExpectedReplies(logging.Filter):
    """Drops pygls' tracebacks for ContentModified and RequestCancelled replies: the protocol working as designed (a
    typing storm would otherwise write megabytes of them to stderr)."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        return not isinstance(error, (JsonRpcContentModified, JsonRpcRequestCancelled))


def create_server() -> ClairvoyantServer:
    """A server with every feature module registered."""
    logging.getLogger("pygls.protocol.json_rpc").addFilter(ExpectedReplies())
    server = ClairvoyantServer()
    for name in FEATURE_MODULES:
        importlib.import_module(f"clairvoyant.lsp.{name}").register(server)
    return server
