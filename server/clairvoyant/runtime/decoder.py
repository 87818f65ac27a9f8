"""A decoder-only language model exported to ONNX with a KV cache, plus its tokenizer."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from .manifest import Manifest, ModelError
from .tokenization import TextEncoder


@dataclass
class KVCache:
    """Past keys and values, shaped ``[layers, batch, heads, positions, head_dim]``."""

    keys: np.ndarray
    values: np.ndarray

    @property
    def length(self) -> int:
        return int(self.keys.shape[3])


class DecoderModel:
    """Runs one decoding step at a time through an ONNX session; see docs/architecture.md for the I/O contract."""

    def __init__(self, manifest: Manifest, session: ort.InferenceSession, tokenizer: Tokenizer):
        self.manifest = manifest
        self.session = session
        self.tokenizer = tokenizer
        arch = manifest.architecture
        try:
            self.n_layer, self.n_head, self.d_head = arch["n_layer"], arch["n_head"], arch["d_head"]
            self.n_ctx = arch["n_ctx"]
        except KeyError as exc:
            raise ModelError(f"model '{manifest.name}': architecture lacks {exc}") from exc
        try:
            self.text_encoder = TextEncoder(tokenizer, manifest.raw.get("tokenization", "bpe"))
        except ValueError as exc:
            raise ModelError(f"model '{manifest.name}': {exc}") from exc
        names = {i.name for i in session.get_inputs()}
        if names != {"input_ids", "past_k", "past_v"}:
            raise ModelError(f"model '{manifest.name}': unexpected ONNX inputs {sorted(names)}")

    @property
    def name(self) -> str:
        return self.manifest.name

    def token_id(self, token: str) -> int:
        """Id of a special token such as ``<eos>``; ModelError when the tokenizer lacks it."""
        tid = self.tokenizer.token_to_id(token)
        if tid is None:
            raise ModelError(f"model '{self.name}': tokenizer has no token {token!r}")
        return tid

    @cached_property
    def eos_id(self) -> int:
        return self.token_id(self.manifest.special_tokens.get("eos", "<eos>"))

    @cached_property
    def vocab_size(self) -> int:
        return self.tokenizer.get_vocab_size()

    @cached_property
    def token_texts(self) -> list[str]:
        """The text each single token decodes to (used by text constraints)."""
        return [self.tokenizer.decode([i], skip_special_tokens=False) for i in range(self.vocab_size)]

    def encode(self, text: str) -> list[int]:
        """Token ids of ``text`` under the tokenization the model was trained with (its manifest's)."""
        return self.text_encoder.encode(text)

    def decode(self, ids: list[int]) -> str:
        return self.tokenizer.decode(ids, skip_special_tokens=True)

    def empty_cache(self) -> KVCache:
        shape = (self.n_layer, 1, self.n_head, 0, self.d_head)
        return KVCache(np.zeros(shape, np.float32), np.zeros(shape, np.float32))

    def step(self, ids: list[int], past: KVCache | None = None) -> tuple[np.ndarray, KVCache]:
        """Feed ``ids`` after ``past``; return the log-probabilities of the next token and the extended cache."""
        past = past or self.empty_cache()
        if past.length + len(ids) > self.n_ctx:
            raise ModelError(f"model '{self.name}': context of {self.n_ctx} tokens exceeded")
        logits, keys, values = self.session.run(
            None,
            {
                "input_ids": np.asarray([ids], dtype=np.int64),
                "past_k": past.keys,
                "past_v": past.values,
            },
        )
        last = logits[0, -1].astype(np.float64)
        last -= last.max()
        log_probs = last - np.log(np.exp(last).sum())
        return log_probs, KVCache(keys, values)
