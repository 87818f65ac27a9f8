"""Model manifests: what a shipped model consists of, and the checksum check done before loading it."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ClairvoyantError


class ModelError(ClairvoyantError):
    """A model cannot be used: missing, tampered with, or malformed. The message is meant for the user."""


@dataclass(frozen=True)
class Manifest:
    """The parsed ``manifest.json`` of one model directory."""

    name: str
    task: str
    directory: Path
    model_file: str
    tokenizer_file: str | None  # None for models without one (`"interface": "scorer"`)
    files: dict[str, str]
    architecture: dict[str, int]
    special_tokens: dict[str, str] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def model_path(self) -> Path:
        return self.directory / self.model_file

    @property
    def tokenizer_path(self) -> Path | None:
        return self.directory / self.tokenizer_file if self.tokenizer_file else None


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_manifest(directory: Path) -> Manifest:
    """Parse ``directory/manifest.json``; raise ModelError when it is missing or malformed."""
    path = Path(directory) / "manifest.json"
    if not path.is_file():
        raise ModelError(f"model '{Path(directory).name}': no manifest.json in {directory}")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            name=raw["name"],
            task=raw["task"],
            directory=Path(directory),
            model_file=raw.get("model_file", "model.onnx"),
            tokenizer_file=raw.get("tokenizer_file", "tokenizer.json"),
            files=dict(raw["files"]),
            architecture={k: int(v) for k, v in raw["architecture"].items()},
            special_tokens=dict(raw.get("special_tokens", {})),
            raw=raw,
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"model '{Path(directory).name}': malformed manifest.json ({exc!r})") from exc


def verify_files(manifest: Manifest) -> None:
    """Check that every file listed in the manifest exists and has the recorded sha256."""
    for name in (manifest.model_file, manifest.tokenizer_file):
        if name is not None and name not in manifest.files:
            raise ModelError(f"model '{manifest.name}': manifest lists no checksum for {name}")
    for name, expected in manifest.files.items():
        path = manifest.directory / name
        if not path.is_file():
            raise ModelError(f"model '{manifest.name}': file {name} is missing from {manifest.directory}")
        actual = sha256_file(path)
        if actual != expected:
            raise ModelError(
                f"model '{manifest.name}': checksum mismatch for {name} "
                f"(expected {expected[:12]}…, found {actual[:12]}…); refusing to load a modified or truncated model"
            )
