"""Builds a tiny decoder-only ONNX model (a bigram table with a KV cache) and its tokenizer, for runtime tests.

The model follows the runtime's I/O contract (docs/architecture.md): ``logits[b, t] = table[input_ids[b, t]]`` and the
cache grows by one position per token, so the next-token distribution depends only on the previous token. That makes
the exact probability of every sequence easy to compute by hand in tests.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from tokenizers import Tokenizer, models, pre_tokenizers

from clairvoyant.runtime.manifest import sha256_file

VOCAB = ["<pad>", "<bos>", "<eos>", "a", "b", "c", "d"]
L, H, DH = 2, 2, 4


def build_tokenizer() -> Tokenizer:
    tok = Tokenizer(models.WordLevel({w: i for i, w in enumerate(VOCAB)}, unk_token="<pad>"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.add_special_tokens(["<pad>", "<bos>", "<eos>"])
    return tok


def build_onnx(table: np.ndarray) -> onnx.ModelProto:
    """ONNX graph: logits = Gather(log-table, ids); present = Concat(past, per-token cache entry) on positions."""
    v = len(VOCAB)
    cache_rows = np.arange(v * L * H * DH, dtype=np.float32).reshape(v, L, H, DH)
    nodes = [
        helper.make_node("Gather", ["table", "input_ids"], ["logits"], axis=0),
        helper.make_node("Gather", ["cache_rows", "input_ids"], ["kv_btlhd"], axis=0),
        helper.make_node("Transpose", ["kv_btlhd"], ["kv_new"], perm=[2, 0, 3, 1, 4]),
        helper.make_node("Concat", ["past_k", "kv_new"], ["present_k"], axis=3),
        helper.make_node("Concat", ["past_v", "kv_new"], ["present_v"], axis=3),
    ]
    past_shape = [L, "B", H, "P", DH]
    graph = helper.make_graph(
        nodes,
        "bigram",
        [
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["B", "T"]),
            helper.make_tensor_value_info("past_k", TensorProto.FLOAT, past_shape),
            helper.make_tensor_value_info("past_v", TensorProto.FLOAT, past_shape),
        ],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["B", "T", v]),
            helper.make_tensor_value_info("present_k", TensorProto.FLOAT, [L, "B", H, "P2", DH]),
            helper.make_tensor_value_info("present_v", TensorProto.FLOAT, [L, "B", H, "P2", DH]),
        ],
        initializer=[
            numpy_helper.from_array(np.log(table).astype(np.float32), "table"),
            numpy_helper.from_array(cache_rows, "cache_rows"),
        ],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def default_table() -> np.ndarray:
    """Transition probabilities P(next | previous) over VOCAB (rows sum to 1)."""
    v = len(VOCAB)
    table = np.full((v, v), 1e-6)
    idx = {w: i for i, w in enumerate(VOCAB)}

    def row(prev, **probs):
        for word, p in probs.items():
            table[idx[prev], idx[word]] = p

    row("<bos>", a=0.5, b=0.3, c=0.2)
    row("a", b=0.65, c=0.25, **{"<eos>": 0.1})
    row("b", **{"<eos>": 0.7, "c": 0.2, "d": 0.1})
    row("c", **{"<eos>": 0.9, "d": 0.1})
    row("d", **{"<eos>": 1.0})
    for prev in ("<pad>", "<eos>"):
        row(prev, **{"<eos>": 1.0})
    return table / table.sum(axis=1, keepdims=True)


def write_model_dir(directory: Path, name: str = "toy", table: np.ndarray | None = None, n_ctx: int = 16) -> Path:
    """Write model.onnx, tokenizer.json and manifest.json for the toy model into ``directory/name``."""
    target = Path(directory) / name
    target.mkdir(parents=True, exist_ok=True)
    onnx.save(build_onnx(default_table() if table is None else table), str(target / "model.onnx"))
    build_tokenizer().save(str(target / "tokenizer.json"))
    manifest = {
        "name": name,
        "task": "test",
        "version": "1",
        "model_file": "model.onnx",
        "tokenizer_file": "tokenizer.json",
        "files": {f: sha256_file(target / f) for f in ("model.onnx", "tokenizer.json")},
        "architecture": {"n_layer": L, "n_head": H, "d_head": DH, "n_ctx": n_ctx, "vocab_size": len(VOCAB)},
        "special_tokens": {"bos": "<bos>", "eos": "<eos>", "pad": "<pad>"},
        "prompt_format": "<bos> then words",
        "training_command": "built by tests/toy_model.py",
        "metrics": {},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target
