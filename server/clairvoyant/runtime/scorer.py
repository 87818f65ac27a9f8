"""A scoring model exported to ONNX: one feature vector in, one score per output label out (no tokenizer).

Its manifest says `"interface": "scorer"` and names a `labels_file` (JSON, sha256-checked like every listed
file) holding the output labels and the feature names the model was trained on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnxruntime as ort

from .manifest import Manifest, ModelError


class ScoringModel:
    """Scores feature vectors through an ONNX session with input `features` and output `scores`."""

    def __init__(self, manifest: Manifest, session: ort.InferenceSession):
        self.manifest = manifest
        self.session = session
        labels_file = manifest.raw.get("labels_file")
        if not labels_file or labels_file not in manifest.files:
            raise ModelError(f"model '{manifest.name}': manifest names no checksummed labels_file")
        try:
            meta = json.loads((manifest.directory / labels_file).read_text(encoding="utf-8"))
            self.labels: list[str] = list(meta["labels"])
            self.feature_names: list[str] = list(meta["features"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"model '{manifest.name}': unreadable {labels_file} ({exc!r})") from exc
        self.meta = meta

    def score(self, features: list[float]) -> np.ndarray:
        """Scores for one feature vector, one per label."""
        if len(features) != len(self.feature_names):
            raise ModelError(f"model '{self.manifest.name}' expects {len(self.feature_names)} features, "
                             f"got {len(features)}")
        x = np.asarray([features], dtype=np.float32)
        return self.session.run(["scores"], {"features": x})[0][0]


def write_scorer_files(out: Path, labels: list[str], features: list[str], task: str, architecture: dict,
                       extra: dict, extra_files: list[str] | tuple[str, ...] = ()) -> None:
    """Next to `out/model.onnx`: the labels file (`candidates.json`) and a manifest with the sha256 of both and of
    `extra_files` (already in `out/`)."""
    out = Path(out)
    (out / "candidates.json").write_text(json.dumps({"labels": labels, "features": features, **extra.pop("meta", {})},
                                                    indent=1) + "\n")
    files = {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in ("model.onnx", "candidates.json", *extra_files)}
    manifest = {"name": out.name, "task": task, "interface": "scorer", "version": "1", "model_file": "model.onnx",
                "tokenizer_file": None, "labels_file": "candidates.json", "files": files,
                "architecture": architecture, **extra}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
