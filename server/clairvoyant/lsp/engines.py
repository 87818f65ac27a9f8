"""The engines behind the editor features, built from one frozen `Settings`.

A settings change builds a new `Engines` that reuses every engine whose settings did not change and builds the others
anew; the server swaps it in with one assignment, so a request sees one consistent version from start to end.
Feature code takes ``(engines, snapshot)`` and needs no server process.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from lsprotocol import types

from ..config import Settings
from ..runtime import ModelRegistry
from .llvm_analysis import LlvmAnalysis, LlvmBackend
from .predictions import LiveValuesCache, PredictionCache

T = TypeVar("T")


class Notifier(Protocol):
    """How engines talk to the user; the server implements it, tests record it. Safe from any thread."""

    def log_message(self, message: str, kind: types.MessageType = types.MessageType.Info) -> None: ...

    def tell_user(self, message: str, kind: types.MessageType = types.MessageType.Warning) -> None: ...

    def report_progress(self, token: str, title: str, message: str, percent: int) -> None: ...

    def refresh_code_lens(self) -> None: ...


class Once(Generic[T]):
    """A value built on first use, exactly once, even when several worker threads ask at the same time."""

    def __init__(self, build: Callable[[], T]):
        self._build = build
        self._lock = threading.Lock()
        self._value: T | None = None

    def get(self) -> T:
        with self._lock:
            if self._value is None:
                self._value = self._build()
            return self._value


@dataclass(frozen=True)
class Workspace:
    """What the server knows of the workspace: whether its code may run, its root and its folders."""

    trusted: bool = True
    root: Path | None = None
    folders: tuple[Path, ...] = ()

    @property
    def roots(self) -> list[Path]:
        return list(self.folders) + ([self.root] if self.root else [])

    @property
    def transform_dir(self) -> Path | None:
        """``<root>/.clairvoyant/transforms``, where taught transforms live."""
        return self.root / ".clairvoyant" / "transforms" if self.root else None


@dataclass(frozen=True)
class Engines:
    """Everything a request needs for one version of the settings (see `build_engines`)."""

    settings: Settings
    workspace: Workspace
    notifier: Notifier
    registry: ModelRegistry
    predictions: PredictionCache
    live_values: LiveValuesCache
    llvm: LlvmAnalysis
    _transforms: Once

    @property
    def transforms(self):
        """The transform library: built-in ones plus, in a trusted workspace, the taught ones."""
        return self._transforms.get()

    @property
    def verified(self) -> bool:
        """Verified mode runs user code: opt-in, and never in an untrusted workspace."""
        return self.settings.prediction.verified_mode and self.workspace.trusted

    def llm_endpoint(self):
        """The LLM transform generator's endpoint (`llm.*` settings), or None when no URL is set."""
        from ..transforms.llm import LlmEndpoint

        llm = self.settings.llm
        return LlmEndpoint(llm.url, llm.model, os.environ.get(llm.api_key_env, "")) if llm.url else None

    def status(self) -> dict:
        """What the engines run with, for ``clairvoyant.status``."""
        s = self.settings
        return {"prediction": {"backend": s.prediction.backend, "model": s.prediction.model,
                               "strategy": s.prediction.strategy, "candidates": s.prediction.candidates},
                "transforms": sorted(info.name for info in self.transforms.infos()) if s.transforms.enabled else [],
                "llvm": self.llvm.status(), "logLevel": logging.getLevelName(logging.getLogger("clairvoyant").level)}


def build_engines(settings: Settings, workspace: Workspace, notifier: Notifier, background: Executor,
                  previous: Engines | None = None, reload_transforms: bool = False) -> Engines:
    """Engines for ``settings``: those whose settings (and inputs) are unchanged from ``previous`` are reused, the
    others are built anew; replaced LLVM workers are closed once the background jobs queued before have run."""
    old = previous.settings if previous is not None else None
    logging.getLogger("clairvoyant").setLevel(settings.log_level.upper())
    if old is not None and (old.models_dir, old.provider) == (settings.models_dir, settings.provider):
        registry = previous.registry
    else:
        registry = ModelRegistry(settings.models_dir or None, provider=settings.provider,
                                 on_progress=_progress(notifier))  # fmt: skip
    same_registry = previous is not None and previous.registry is registry
    keep_prediction = same_registry and old.prediction == settings.prediction
    keep_llvm = same_registry and old.llvm == settings.llvm
    keep_transforms = (previous is not None and not reload_transforms and old.transforms == settings.transforms
                       and previous.workspace == workspace)  # fmt: skip
    if keep_llvm:
        llvm = previous.llvm
    else:
        same_dir = previous is not None and old.llvm.llvm_dir == settings.llvm.llvm_dir
        backend = previous.llvm.backend if same_dir else LlvmBackend(settings.llvm.llvm_dir)
        llvm = LlvmAnalysis(settings.llvm, backend, registry, notifier, background)
        if previous is not None and not same_dir:
            background.submit(previous.llvm.backend.close)
    return Engines(
        settings=settings,
        workspace=workspace,
        notifier=notifier,
        registry=registry,
        predictions=previous.predictions if keep_prediction else PredictionCache(registry, settings.prediction,
                                                                                 notifier, background),
        live_values=previous.live_values if keep_prediction else LiveValuesCache(settings.prediction.timeout_s),
        llvm=llvm,
        _transforms=previous._transforms if keep_transforms else Once(lambda: _transform_library(settings,
                                                                                                  workspace)),
    )  # fmt: skip


def _transform_library(settings: Settings, workspace: Workspace):
    from ..transforms import TransformLibrary

    library = TransformLibrary.builtin()
    directory = workspace.transform_dir
    if workspace.trusted and settings.transforms.workspace_transforms and directory and directory.is_dir():
        library = library.with_directory(directory)
    return library


def _progress(notifier: Notifier) -> Callable[[str, str, int], None]:
    """Model loading progress → the log and $/progress."""

    def report(name: str, message: str, percent: int) -> None:
        notifier.log_message(f"model {name}: {message}")
        notifier.report_progress(f"clairvoyant-load-{name}", f"Loading {name}", message, percent)

    return report
