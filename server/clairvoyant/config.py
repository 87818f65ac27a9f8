"""The one configuration tree: typed, defaulted settings read from editor or CLI input, with validation.

Editors send settings as nested objects under ``clairvoyant`` (VS Code), in ``initializationOptions`` (Neovim 0.7 sends
no configuration requests) or via ``workspace/configuration``. Keys may be camelCase or snake_case. A bad value is
reported in one clear message and that setting keeps its previous value. Settings are frozen: a change
builds a new object, so a worker thread always reads one consistent version.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from typing import Any, TypeVar, get_type_hints

T = TypeVar("T")


@dataclass(frozen=True)
class PredictionSettings:
    """Hover-time output prediction for Python."""

    enabled: bool = True
    backend: str = field(default="onnx", metadata={"doc": "embedded model or an OpenAI-compatible endpoint",
                                                   "choices": ("onnx", "openai")})
    model: str = field(default="exec-predictor",
                        metadata={"doc": "model directory name (onnx) or the endpoint's model name (openai)"})
    strategy: str = field(default="direct", metadata={"choices": ("direct", "scratchpad")})
    candidates: int = field(default=3, metadata={"range": (1, 16)})
    min_confidence: float = field(default=0.74, metadata={"doc": "below it the hover says it is not sure",
                                                         "range": (0.0, 1.0)})
    inlay_hints: bool = True
    verified_mode: bool = field(default=False, metadata={"doc": "also run the call in the sandbox (trusted only)"})
    timeout_s: float = field(default=2.0, metadata={"range": (0.1, 30.0)})
    url: str = field(default="", metadata={"doc": "OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1"})
    api_key_env: str = field(default="CLAIRVOYANT_PREDICTION_API_KEY",
                             metadata={"doc": "environment variable holding the endpoint's API key"})


@dataclass(frozen=True)
class TransformSettings:
    """Quick fixes from synthesized transforms."""

    enabled: bool = True
    hint_diagnostics: bool = False
    workspace_transforms: bool = True


@dataclass(frozen=True)
class LlvmSettings:
    """LLVM-IR size optimisation."""

    enabled: bool = True
    model: str = "llvm-passes"
    samples: int = field(default=30, metadata={"range": (1, 200)})
    time_budget_s: float = field(default=5.0, metadata={"range": (0.5, 120.0)})
    llvm_dir: str = field(default="", metadata={"doc": "directory with opt-19 / libLLVM (auto-detected when empty)"})


@dataclass(frozen=True)
class LlmSettings:
    """Optional OpenAI-compatible endpoint for the LLM transform generator."""

    url: str = ""
    model: str = ""
    api_key_env: str = "CLAIRVOYANT_LLM_API_KEY"


@dataclass(frozen=True)
class Settings:
    """Every Clairvoyant setting, with its default."""

    prediction: PredictionSettings = field(default_factory=PredictionSettings)
    transforms: TransformSettings = field(default_factory=TransformSettings)
    llvm: LlvmSettings = field(default_factory=LlvmSettings)
    llm: LlmSettings = field(default_factory=LlmSettings)
    models_dir: str = ""
    provider: str = field(default="auto", metadata={"choices": ("auto", "cpu", "cuda")})
    max_document_bytes: int = field(default=2_000_000, metadata={"range": (1_000, 50_000_000)})
    log_level: str = field(default="info", metadata={"choices": ("debug", "info", "warning", "error")})


def _snake(key: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", key).lower()


def _coerce(value: Any, kind: type, meta: dict, path: str) -> Any:
    if kind is bool:
        if isinstance(value, bool):
            return value
        raise ValueError(f"{path} must be true or false, not {value!r}")
    if kind in (int, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and value != int(value)):
            raise ValueError(f"{path} must be a{'n integer' if kind is int else ' number'}, not {value!r}")
        value = kind(value)
        low, high = meta.get("range", (None, None))
        if low is not None and not low <= value <= high:
            raise ValueError(f"{path} must be between {low} and {high}, not {value!r}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{path} must be a string, not {value!r}")  # noqa: TRY004 - every bad setting is a ValueError
    choices = meta.get("choices")
    if choices and value not in choices:
        raise ValueError(f"{path} must be one of {', '.join(choices)}, not {value!r}")
    return value


def apply_settings(target: T, data: Any, prefix: str = "clairvoyant") -> tuple[T, list[str]]:
    """A copy of the frozen dataclass ``target`` updated from ``data``, and messages for bad or unknown values (those
    keep their previous value)."""
    if data is None:
        return target, []
    if not isinstance(data, dict):
        return target, [f"{prefix} must be an object, not {data!r}"]
    problems: list[str] = []
    hints = get_type_hints(type(target))
    fields = {f.name: f for f in dataclasses.fields(target)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        name = _snake(str(key))
        path = f"{prefix}.{key}"
        if name not in fields:
            problems.append(f"unknown setting {path}")
            continue
        current = getattr(target, name)
        if dataclasses.is_dataclass(current):
            changes[name], found = apply_settings(current, value, path)
            problems.extend(found)
            continue
        try:
            changes[name] = _coerce(value, hints[name], dict(fields[name].metadata), path)
        except ValueError as exc:
            problems.append(str(exc))
    return dataclasses.replace(target, **changes), problems


def settings_from(data: Any) -> tuple[Settings, list[str]]:
    """Settings built from ``data`` (defaults where absent), plus problems found."""
    return apply_settings(Settings(), data)


def settings_reference(target: Any = None, prefix: str = "clairvoyant") -> list[tuple[str, Any, str]]:
    """(key, default, description) for every leaf setting, for docs and the editor extensions."""
    target = target or Settings()
    rows = []
    for f in dataclasses.fields(target):
        value = getattr(target, f.name)
        camel = re.sub(r"_([a-z])", lambda m: m.group(1).upper(), f.name)
        if dataclasses.is_dataclass(value):
            rows.extend(settings_reference(value, f"{prefix}.{camel}"))
        else:
            meta = dict(f.metadata)
            doc = meta.get("doc", "")
            if "choices" in meta:
                doc = (doc + "; " if doc else "") + "one of " + ", ".join(meta["choices"])
            if "range" in meta:
                doc = (doc + "; " if doc else "") + "from {} to {}".format(*meta["range"])
            rows.append((f"{prefix}.{camel}", value, doc))
    return rows
