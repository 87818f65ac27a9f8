"""The LLVM engine of one version of the `llvm.*` settings: the backend for `llvmDir`, counts and optimisation results
cached by content, and the background job that computes a suggested pipeline: first the ranker's single
suggestion (two compilations, shown at once), then the full search that refines it."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import Executor

from lsprotocol import types

from ..config import LlvmSettings
from .predictions import LruDict

CACHE_SIZE = 32


def content_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class LlvmBackend:
    """The compiler backend for one `llvm.llvmDir` (auto-detected when empty), started on first use."""

    def __init__(self, llvm_dir: str):
        self.llvm_dir = llvm_dir or None
        self._lock = threading.Lock()
        self._backend = None

    def get(self):
        """The libLLVM worker pool (2 workers) or opt-19; LLVMNotFound when LLVM 19 is not there."""
        from ..llvm.backend import make_backend

        with self._lock:
            if self._backend is None:
                self._backend = make_backend(workers=2, llvm_dir=self.llvm_dir)
            return self._backend

    def toolchain(self) -> dict:
        from ..llvm.toolchain import LLVMNotFound, find_toolchain

        try:
            tc = find_toolchain(self.llvm_dir)
        except LLVMNotFound as exc:
            return {"error": str(exc)}
        return {"library": str(tc.libllvm) if tc.libllvm else None, "opt": str(tc.opt) if tc.opt else None}

    def close(self) -> None:
        """Stop the worker processes (a later `get` starts new ones)."""
        with self._lock:
            backend, self._backend = self._backend, None
        if backend is not None:
            backend.close()


class LlvmAnalysis:
    """Instruction counts and optimisation results for IR texts, keyed by their sha256."""

    def __init__(self, settings: LlvmSettings, backend: LlvmBackend, registry, notifier, background: Executor):
        self.settings = settings
        self.backend = backend
        self.registry = registry
        self.notifier = notifier
        self.background = background
        self.counts = LruDict(CACHE_SIZE)
        self.results = LruDict(CACHE_SIZE)
        self.first = LruDict(CACHE_SIZE)  # the single suggestion, shown while the full search runs
        self.errors: dict[str, str] = {}
        self.running: set[str] = set()
        self.lock = threading.Lock()

    def check(self, text: str) -> list:
        """IRErrors of text that does not parse or verify."""
        from ..llvm.optimizer import check_ir

        return check_ir(text, self.backend.get())

    def function_counts(self, text: str) -> list:
        """Instruction counts per function (cached by content); [] for IR that does not parse."""
        from ..llvm.optimizer import IRError, count_instructions

        key = content_key(text)
        with self.lock:
            if key in self.counts:
                return self.counts[key]
        try:
            _, functions = count_instructions(text)
        except IRError:
            functions = []
        with self.lock:
            self.counts.put(key, functions)
        return functions

    def optimization(self, text: str, search=None):
        """The optimisation result for this content, computing it now if needed (worker threads only); `search`
        continues a `PipelineSearch` that already compiled part of the candidates."""
        key = content_key(text)
        with self.lock:
            if key in self.results:
                return self.results[key]
        result = (search or self._search(text)).result(self.settings.samples, self.settings.time_budget_s)
        with self.lock:
            self.results.put(key, result)
        return result

    def _search(self, text: str):
        from ..llvm.optimizer import PipelineSearch

        return PipelineSearch(text, registry=self.registry, backend=self.backend.get(), model_name=self.settings.model)

    def refining(self, text: str) -> bool:
        """True while only the single suggestion is known and the full search is still running."""
        key = content_key(text)
        with self.lock:
            return key not in self.results and key in self.first and key in self.running

    def cached_optimization(self, text: str, name: str):
        """The full result, else the single suggestion, else None after starting the background job."""
        key = content_key(text)
        with self.lock:
            if key in self.results:
                return self.results[key]
            if key in self.running or key in self.errors:
                return self.first.get(key)
            self.running.add(key)
        self.background.submit(self._optimize_in_background, text, name, key)
        return None

    def _optimize_in_background(self, text: str, name: str, key: str) -> None:
        token = f"clairvoyant-optimize-{key[:12]}"
        self.notifier.report_progress(token, f"Optimizing {name}", "compiling the ranker's suggestion", 0)
        try:
            search = self._search(text)
            if self.settings.samples > 2:
                self._first_suggestion(search, key, token)
            result = self.optimization(text, search)
            self.notifier.report_progress(token, "", f"{result.suggested_count} instructions (-Oz {result.oz_count})",
                                          100)  # fmt: skip
            self.notifier.log_message(f"{name}: suggested pipeline {result.pipeline!r}: {result.suggested_count} "
                                      f"instructions, -Oz {result.oz_count}, {result.compilations} compilations in "
                                      f"{result.seconds:.2f}s")  # fmt: skip
        except Exception as exc:  # noqa: BLE001 - shown to the user, the server keeps serving
            with self.lock:
                self.errors[key] = str(exc)
            self.notifier.report_progress(token, "", f"failed: {exc}", 100)
            self.notifier.tell_user(f"Clairvoyant could not optimize {name}: {exc}", types.MessageType.Error)
        finally:
            with self.lock:
                self.running.discard(key)
        self.notifier.refresh_code_lens()

    def _first_suggestion(self, search, key: str, token: str) -> None:
        """Compute and publish the single suggestion (the ranker's first list and -Oz) before the full search."""
        s = self.settings
        first = search.result(2, s.time_budget_s)
        with self.lock:
            self.first.put(key, first)
        self.notifier.report_progress(token, "", f"first suggestion {first.suggested_count} instructions; "
                                      f"refining with up to {s.samples} candidates", 10)  # fmt: skip
        self.notifier.refresh_code_lens()

    def status(self) -> dict:
        s = self.settings
        return {"model": s.model, "samples": s.samples, "timeBudgetS": s.time_budget_s,
                "toolchain": self.backend.toolchain()}  # fmt: skip
