"""The Clairvoyant language server: state shared by the feature modules, and ``create_server``."""

from __future__ import annotations

import asyncio
import functools
import importlib
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified
from pygls.lsp.server import LanguageServer

from .. import __version__
from ..config import Settings, apply_settings
from ..runtime import ModelRegistry
from .documents import Snapshot, snapshot_of

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


class DocumentTooLarge(Exception):
    """A document over ``maxDocumentBytes``: model features are skipped for it."""


class ClairvoyantServer(LanguageServer):
    """pygls server plus the state the features share: settings, models, engines, a worker pool."""

    def __init__(self) -> None:
        super().__init__(
            "clairvoyant",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            max_workers=2,
        )
        self.settings = Settings()
        self.trusted = True
        self.executor = ThreadPoolExecutor(max_workers=2, thread_name_prefix="clairvoyant-engine")
        self.stats = {"dropped_stale": 0, "requests_failed": 0}
        self._registry: ModelRegistry | None = None
        self._engines: dict[str, Any] = {}
        self._engine_lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._told: set[str] = set()

    # ---- settings and models -------------------------------------------------------------------------------------

    def update_settings(self, data: Any, source: str) -> None:
        """Apply settings from an editor; bad values are reported once and keep their previous value."""
        before = (self.settings.models_dir, self.settings.provider, self.settings.llvm.llvm_dir)
        problems = apply_settings(self.settings, data)
        for problem in problems:
            self.tell_user(f"Clairvoyant: {problem} ({source}); keeping the previous value", types.MessageType.Warning)
        if (self.settings.models_dir, self.settings.provider, self.settings.llvm.llvm_dir) != before:
            with self._engine_lock:
                self._registry = None
                self._engines.clear()
        if self.settings.llvm.llvm_dir:
            os.environ["CLAIRVOYANT_LLVM_DIR"] = self.settings.llvm.llvm_dir  # read by clairvoyant.llvm
        logging.getLogger("clairvoyant").setLevel(self.settings.log_level.upper())

    @property
    def registry(self) -> ModelRegistry:
        """The model registry for the current settings (models load lazily, with progress in the editor)."""
        with self._engine_lock:
            if self._registry is None:
                self._registry = ModelRegistry(
                    self.settings.models_dir or None,
                    provider=self.settings.provider,
                    on_progress=self._model_progress,
                )
            return self._registry

    def engine(self, key: str, factory: Callable[[], T]) -> T:
        """A long-lived engine object (predictor, transform library, …), created once per settings change."""
        with self._engine_lock:
            if key not in self._engines:
                self._engines[key] = factory()
            return self._engines[key]

    def forget_engine(self, key: str) -> None:
        with self._engine_lock:
            self._engines.pop(key, None)

    # ---- threads, documents, staleness ---------------------------------------------------------------------------

    async def offload(self, fn: Callable[..., T], *args, **kwargs) -> T:
        """Run engine work on the worker pool so the event loop keeps serving (cancellation drops the result)."""
        self._loop = asyncio.get_running_loop()
        return await self._loop.run_in_executor(self.executor, functools.partial(fn, *args, **kwargs))

    def snapshot(self, uri: str, check_size: bool = True) -> Snapshot:
        """The current text of ``uri``; raises DocumentTooLarge over the size limit."""
        snap = snapshot_of(self.workspace.get_text_document(uri))
        if check_size and len(snap.text) > self.settings.max_document_bytes:
            raise DocumentTooLarge(
                f"{uri.rsplit('/', 1)[-1]} is {len(snap.text):,} characters, over clairvoyant.maxDocumentBytes "
                f"({self.settings.max_document_bytes:,}); Clairvoyant skips model features for it"
            )
        return snap

    def is_current(self, snap: Snapshot) -> bool:
        """Whether the document still has the version the snapshot was taken from."""
        return self._version(snap.uri) == snap.version

    def _version(self, uri: str) -> int | None:
        document = self.workspace.text_documents.get(uri)
        return document.version if document is not None else -1

    def ensure_version(self, uri: str, version: int | None) -> None:
        """Drop a result computed for an outdated document version (ContentModified, as the LSP spec asks)."""
        if self._version(uri) != version:
            self.stats["dropped_stale"] += 1
            raise JsonRpcContentModified(f"{uri} changed while the request was computed")

    def ensure_current(self, snap: Snapshot) -> None:
        """ensure_version for a snapshot."""
        self.ensure_version(snap.uri, snap.version)

    # ---- talking to the user -------------------------------------------------------------------------------------

    def call_in_loop(self, fn: Callable[[], None]) -> None:
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

    def _model_progress(self, name: str, message: str, percent: int) -> None:
        """Model loading progress → $/progress (when the client supports it) and the log."""
        self.log_message(f"model {name}: {message}")
        self.report_progress(f"clairvoyant-load-{name}", f"Loading {name}", message, percent)

    def report_progress(self, token: str, title: str, message: str, percent: int) -> None:
        """Work-done progress: percent 0 begins, 100 ends; safe from worker threads; no-op for clients without it."""
        supports = getattr(getattr(self.client_capabilities, "window", None), "work_done_progress", False)
        if not supports:
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


def create_server() -> ClairvoyantServer:
    """A server with every feature module registered."""
    server = ClairvoyantServer()
    for name in FEATURE_MODULES:
        importlib.import_module(f"clairvoyant.lsp.{name}").register(server)
    return server
