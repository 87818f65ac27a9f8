"""ONNX export with KV cache (docs/architecture.md model contract), int8 quantisation, manifest writing."""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import numpy as np
import torch

from .gpt import GPT, KVWrapper


def export_onnx(model: GPT, path: Path) -> Path:
    """Export `model` as (input_ids, past_k, past_v) -> (logits, present_k, present_v), dynamic B/T/P.

    The legacy TorchScript exporter is used: it is fast and its untied LM head MatMul quantises cleanly.
    """
    cfg = model.cfg
    model = model.eval().float()
    B, T, P = 2, 5, 7  # avoid 0/1 so no dim gets specialised
    ids = torch.randint(0, cfg.vocab_size, (B, T))
    past = torch.zeros(cfg.n_layer, B, cfg.n_head, P, cfg.d_head)
    path.parent.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            KVWrapper(model).eval(), (ids, past, past.clone()), str(path), dynamo=False, opset_version=17,
            input_names=["input_ids", "past_k", "past_v"], output_names=["logits", "present_k", "present_v"],
            dynamic_axes={"input_ids": {0: "B", 1: "T"}, "past_k": {1: "B", 3: "P"}, "past_v": {1: "B", 3: "P"},
                          "logits": {0: "B", 1: "T"}, "present_k": {1: "B", 3: "PT"}, "present_v": {1: "B", 3: "PT"}},
        )  # fmt: skip
    return path


def quantize_int8(src: Path, dst: Path) -> Path:
    """Dynamic int8 weight quantisation of every MatMul (onnxruntime.quantization), one scale per output channel
    (one scale per tensor broke a depth-grown model: logits off by up to 8)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True)
    return dst


def check_agreement(model: GPT, onnx_path: Path, prompt: list[int], new_tokens: int = 16) -> dict:
    """Compare ONNX (prefill + cached decode) with torch on torch's greedy continuation of `prompt`.

    Both read the same tokens (the ONNX side is fed torch's choices), so one near-tie that flips an argmax does not
    send the two down different continuations whose logits then differ by 10 or more: `max_abs_logit_diff` measures
    the export on identical contexts, `greedy_agreement` is the share of steps whose argmax is the same.
    """
    import onnxruntime as ort

    cfg = model.cfg
    model.eval()  # dropout off: compare like with like
    sess = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    empty = np.zeros((cfg.n_layer, 1, cfg.n_head, 0, cfg.d_head), dtype=np.float32)
    ids, past_k, past_v = np.array([prompt], dtype=np.int64), empty, empty
    tokens, same, max_diff = list(prompt), 0, 0.0
    for _ in range(new_tokens):
        logits, past_k, past_v = sess.run(None, {"input_ids": ids, "past_k": past_k, "past_v": past_v})
        with torch.no_grad():
            ref = model(torch.tensor([tokens]))[0, -1].numpy()
        max_diff = max(max_diff, float(np.abs(ref - logits[0, -1]).max()))
        nxt = int(ref.argmax())
        same += int(logits[0, -1].argmax()) == nxt
        tokens.append(nxt)
        ids = np.array([[nxt]], dtype=np.int64)
    return {"max_abs_logit_diff": max_diff, "greedy_equal": same == new_tokens, "greedy_agreement": same / new_tokens}


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_manifest(model_dir: Path, *, name: str, task: str, model: GPT, special_tokens: dict, prompt_format: str,
                   training_command: str, metrics: dict, version: str = "1", extra: dict | None = None) -> Path:  # fmt: skip
    """manifest.json with sha256 of model.onnx and tokenizer.json, per the runtime contract."""
    cfg = model.cfg
    manifest = {
        "name": name, "task": task, "version": version,
        "model_file": "model.onnx", "tokenizer_file": "tokenizer.json",
        "files": {f: sha256(model_dir / f) for f in ("model.onnx", "tokenizer.json")},
        "architecture": {"n_layer": cfg.n_layer, "n_head": cfg.n_head, "d_head": cfg.d_head, "n_ctx": cfg.n_ctx,
                         "vocab_size": cfg.vocab_size, "d_model": cfg.d_model, "n_params": model.n_params()},
        "special_tokens": special_tokens, "prompt_format": prompt_format,
        "training_command": training_command, "metrics": metrics, **(extra or {}),
    }  # fmt: skip
    path = model_dir / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return path


def onnx_state_dict(path: Path, model: GPT) -> dict[str, torch.Tensor]:
    """The inverse of `export_onnx` (+ `quantize_int8`): a state dict for `model` read from an exported file.

    Lets training warm-start from a shipped model whose checkpoint is gone. int8 weights are dequantised
    (`(q - zero_point) * scale`); MatMul weights are mapped back to their `nn.Linear` by the node that uses them
    (`/qkv_2/MatMul` -> `blocks.2.qkv.weight`, the final MatMul -> `head.weight`) and transposed.
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(path)).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}

    def value(name: str) -> np.ndarray:
        if not name.endswith("_quantized"):
            return inits[name].astype(np.float32)
        base = name.removesuffix("_quantized")
        q, zp, scale = inits[name], inits[base + "_zero_point"], inits[base + "_scale"]
        return (q.astype(np.float32) - zp.astype(np.float32)) * scale

    state: dict[str, np.ndarray] = {}
    for name in inits:
        if name.startswith("model.") and not name.endswith(("_scale", "_zero_point")):
            state[name.removeprefix("model.").removesuffix("_quantized")] = value(name)
    for node in graph.node:
        if node.op_type not in ("MatMul", "MatMulInteger") or node.input[1] not in inits:
            continue
        if node.output[0].startswith("logits"):
            key = "head.weight"
        else:
            kind, _, idx = node.output[0].split("/")[1].partition("_")  # "/qkv_2/MatMul..." -> qkv, 2
            key = f"blocks.{idx or 0}.{kind}.weight"
        state[key] = value(node.input[1]).T
    expected = model.state_dict()
    missing = sorted(set(expected) - set(state))
    if missing:
        raise ValueError(f"{path}: no weights for {missing[:5]} (not exported from this architecture?)")
    out = {}
    for key, ref in expected.items():
        if tuple(state[key].shape) != tuple(ref.shape):
            raise ValueError(f"{path}: {key} has shape {state[key].shape}, the model expects {tuple(ref.shape)}")
        out[key] = torch.from_numpy(np.ascontiguousarray(state[key]))
    return out
