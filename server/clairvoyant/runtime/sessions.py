"""ONNX Runtime session factory: provider choice (CUDA first when present, CPU fallback) and thread settings."""

from __future__ import annotations

import logging
from pathlib import Path

import onnxruntime as ort

log = logging.getLogger(__name__)

CUDA = "CUDAExecutionProvider"
CPU = "CPUExecutionProvider"


def choose_providers(preference: str = "auto") -> list[str]:
    """Providers to try in order: ``auto`` puts CUDA first when this onnxruntime build has it; ``cpu`` forces CPU."""
    available = ort.get_available_providers()
    if preference == "cpu" or CUDA not in available:
        return [CPU]
    return [CUDA, CPU]


def create_session(path: Path, preference: str = "auto", intra_op_threads: int = 1) -> ort.InferenceSession:
    """Create an inference session; falls back to CPU when the CUDA provider fails to initialise."""
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = intra_op_threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    providers = choose_providers(preference)
    try:
        return ort.InferenceSession(str(path), sess_options=options, providers=providers)
    except Exception as exc:
        if providers == [CPU]:
            raise
        log.warning("CUDA provider failed (%s); falling back to CPU", exc)
        return ort.InferenceSession(str(path), sess_options=options, providers=[CPU])
