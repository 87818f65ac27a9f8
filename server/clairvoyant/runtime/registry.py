"""The model registry: lazy, thread-safe loading of shipped models by name, one session per model per process."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from tokenizers import Tokenizer

from ..paths import models_dir as default_models_dir
from .decoder import DecoderModel
from .manifest import ModelError, read_manifest, verify_files
from .scorer import ScoringModel
from .sessions import create_session

log = logging.getLogger(__name__)

ProgressCallback = Callable[[str, str, int], None]  # (model name, message, percent)


class ModelRegistry:
    """Finds models under a directory and loads each on first use (checksums verified, session warmed up)."""

    def __init__(
        self,
        models_dir: Path | None = None,
        provider: str = "auto",
        on_progress: ProgressCallback | None = None,
        intra_op_threads: int = 1,
    ):
        self.models_dir = Path(models_dir) if models_dir else default_models_dir()
        self.provider = provider
        self.on_progress = on_progress
        self.intra_op_threads = intra_op_threads
        self._models: dict[str, DecoderModel | ScoringModel] = {}
        self._errors: dict[str, ModelError] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def available(self) -> list[str]:
        """Names of the model directories that carry a manifest."""
        if not self.models_dir.is_dir():
            return []
        return sorted(p.name for p in self.models_dir.iterdir() if (p / "manifest.json").is_file())

    def status(self) -> dict[str, str]:
        """``name -> "loaded" | "not loaded" | "error: …"`` for every available model."""
        result = {}
        for name in self.available():
            if name in self._models:
                result[name] = "loaded"
            elif name in self._errors:
                result[name] = f"error: {self._errors[name]}"
            else:
                result[name] = "not loaded"
        return result

    def loaded(self, name: str) -> bool:
        return name in self._models

    def get(self, name: str) -> DecoderModel | ScoringModel:
        """The loaded model ``name``; raises ModelError (with a message for the user) when it cannot be used."""
        model = self._models.get(name)
        if model is not None:
            return model
        with self._guard:
            lock = self._locks.setdefault(name, threading.Lock())
        with lock:
            if name in self._models:
                return self._models[name]
            model = self._load(name)
            self._models[name] = model
            self._errors.pop(name, None)
            return model

    def _progress(self, name: str, message: str, percent: int) -> None:
        if self.on_progress:
            try:
                self.on_progress(name, message, percent)
            except Exception:
                log.exception("progress callback failed")

    def _failed(self, name: str, error: ModelError) -> None:
        """Remember the error and end the progress report that loading began."""
        self._errors[name] = error
        self._progress(name, f"failed: {error}", 100)

    def _load(self, name: str) -> DecoderModel | ScoringModel:
        started = time.perf_counter()
        directory = self.models_dir / name
        try:
            self._progress(name, "verifying files", 0)
            manifest = read_manifest(directory)
            verify_files(manifest)
            if manifest.raw.get("interface") == "scorer":
                self._progress(name, "creating inference session", 40)
                session = create_session(manifest.model_path, self.provider, self.intra_op_threads)
                model = ScoringModel(manifest, session)
                model.score([0.0] * len(model.feature_names))
            else:
                self._progress(name, "loading tokenizer", 20)
                tokenizer = Tokenizer.from_file(str(manifest.tokenizer_path))
                self._progress(name, "creating inference session", 40)
                session = create_session(manifest.model_path, self.provider, self.intra_op_threads)
                model = DecoderModel(manifest, session, tokenizer)
                self._progress(name, "warming up", 80)
                model.step([model.eos_id])
        except ModelError as exc:
            self._failed(name, exc)
            raise
        except Exception as exc:
            error = ModelError(f"model '{name}' failed to load: {exc}")
            self._failed(name, error)
            raise error from exc
        self._progress(name, "ready", 100)
        log.info("loaded model %s in %.0f ms (%s)", name, (time.perf_counter() - started) * 1000,
                 session.get_providers()[0])
        return model
