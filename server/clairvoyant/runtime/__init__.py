"""The one model runtime: manifests, ONNX Runtime sessions, decoder models and decoding strategies."""

from .decoder import DecoderModel, KVCache
from .decoding import Candidate, Constraint, RegexConstraint, greedy_decode, priority_sample
from .manifest import Manifest, ModelError, read_manifest, sha256_file, verify_files
from .registry import ModelRegistry
from .scorer import ScoringModel
from .sessions import choose_providers, create_session

__all__ = [
    "Candidate",
    "Constraint",
    "DecoderModel",
    "KVCache",
    "Manifest",
    "ModelError",
    "ModelRegistry",
    "RegexConstraint",
    "ScoringModel",
    "choose_providers",
    "create_session",
    "greedy_decode",
    "priority_sample",
    "read_manifest",
    "sha256_file",
    "verify_files",
]
