"""Generic training code ([train] extra): KV-cache forward, loss masks, resumable loop, ONNX export + int8."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytestmark = pytest.mark.slow  # importing torch + onnx export take 10-30 s on a loaded 2-core machine

from clairvoyant.training.export import (
    check_agreement,
    export_onnx,
    onnx_state_dict,
    quantize_int8,
    write_manifest,
)
from clairvoyant.training.gpt import GPT, GPTConfig, grow_depth
from clairvoyant.training.loop import (
    Examples,
    TrainConfig,
    _autocast,
    average_checkpoints,
    bf16_supported,
    lr_at,
    snapshots,
    train,
)
from clairvoyant.training.tokenizer import train_bpe

TINY = GPTConfig(vocab_size=64, n_layer=2, n_head=2, d_model=32, n_ctx=48)


def test_kv_forward_matches_full_forward():
    torch.manual_seed(0)
    model = GPT(TINY).eval()
    ids = torch.randint(0, 64, (2, 12))
    with torch.no_grad():
        full = model(ids)
        empty = torch.zeros(2, 2, 2, 0, 16)
        first, k, v = model.forward_kv(ids[:, :7], empty, empty)
        rest, k2, _ = model.forward_kv(ids[:, 7:], k, v)
    assert torch.allclose(torch.cat([first, rest], 1), full, atol=1e-5)
    assert k2.shape == (2, 2, 2, 12, 16)


def test_examples_masks_from_starts_and_from_masks():
    a = Examples([[1, 2, 3, 4], [5, 6, 7]], [2, 1])
    x, y, m = a.batch(np.array([0, 1]), pad_id=0)
    assert x.tolist() == [[1, 2, 3], [5, 6, 0]] and y.tolist() == [[2, 3, 4], [6, 7, 0]]
    assert m.tolist() == [[0, 1, 1], [1, 1, 0]]
    b = Examples([[1, 2, 3, 4]], [[0, 1, 0, 1]])
    assert b.batch(np.array([0]), 0)[2].tolist() == [[1, 0, 1]]
    # padded to a multiple of 4 (few distinct shapes), never past the context, padding out of the loss
    x, y, m = a.batch(np.array([0, 1]), pad_id=0, multiple=4)
    assert x.tolist() == [[1, 2, 3, 0], [5, 6, 0, 0]] and m.tolist() == [[0, 1, 1, 0], [1, 1, 0, 0]]
    assert a.batch(np.array([0, 1]), 0, multiple=8, limit=4)[0].shape == (2, 4)
    assert a.batch(np.array([0, 1]), 0, multiple=8, limit=2)[0].shape == (2, 3)  # never shorter than the longest


def test_lr_schedule_warms_up_then_decays():
    cfg = TrainConfig(lr=1e-3, min_lr=1e-4, warmup=10, max_steps=100)
    assert lr_at(0, cfg) == pytest.approx(1e-4) and lr_at(9, cfg) == pytest.approx(1e-3)
    assert lr_at(100, cfg) == pytest.approx(1e-4) and lr_at(50, cfg) < lr_at(20, cfg)


def test_train_resumes_exports_and_quantizes(tmp_path):
    rng = np.random.default_rng(0)
    seqs = [[1] + list(rng.integers(3, 64, 10)) + [2] for _ in range(64)]
    data = Examples(seqs, [1] * len(seqs))
    cfg = TrainConfig(lr=3e-3, warmup=2, max_steps=6, batch_size=16, eval_every=5, ckpt_every=3, threads=1)
    train(TINY, cfg, data, data, tmp_path)
    assert torch.load(tmp_path / "ckpt.pt", weights_only=False)["step"] == 6
    cfg.max_steps = 8
    model = train(TINY, cfg, data, data, tmp_path)  # resumes from step 6
    assert torch.load(tmp_path / "ckpt.pt", weights_only=False)["step"] == 8
    onnx_path = export_onnx(model, tmp_path / "m.onnx")
    assert check_agreement(model, onnx_path, seqs[0][:6], new_tokens=4)["greedy_equal"]
    q = quantize_int8(onnx_path, tmp_path / "model.onnx")
    assert q.stat().st_size < onnx_path.stat().st_size
    train_bpe(["def f(x):\n    return x + 1\n"] * 50, tmp_path / "tokenizer.json", vocab_size=300)
    manifest = write_manifest(tmp_path, name="t", task="test", model=model, special_tokens={"eos": "<eos>"},
                              prompt_format="p", training_command="c", metrics={})  # fmt: skip
    files = json.loads(manifest.read_text())["files"]
    assert set(files) == {"model.onnx", "tokenizer.json"} and all(len(h) == 64 for h in files.values())


def test_snapshots_are_kept_and_averaged(tmp_path):
    rng = np.random.default_rng(1)
    seqs = [[1] + list(rng.integers(3, 64, 10)) + [2] for _ in range(32)]
    data = Examples(seqs, [1] * len(seqs))
    cfg = TrainConfig(lr=3e-3, warmup=2, max_steps=8, batch_size=8, eval_every=100, ckpt_every=100, threads=1,
                      snapshot_every=2, keep_snapshots=3)  # fmt: skip
    train(TINY, cfg, data, data, tmp_path)
    kept = snapshots(tmp_path)
    assert [p.name for p in kept] == ["step-0000004.pt", "step-0000006.pt", "step-0000008.pt"]
    a, b = (torch.load(p, weights_only=False)["model"] for p in kept[:2])
    mean = average_checkpoints(kept[:2]).state_dict()
    name = "lm_head.weight" if "lm_head.weight" in mean else next(k for k in mean if k.endswith("weight"))
    assert not torch.equal(a[name], b[name])
    assert torch.allclose(mean[name], (a[name] + b[name]) / 2)
    other = GPT(GPTConfig(vocab_size=64, n_layer=1, n_head=2, d_model=32, n_ctx=48))
    torch.save({"model": other.state_dict(), "model_cfg": other.cfg.to_dict()}, tmp_path / "other.pt")
    with pytest.raises(ValueError, match="different architectures"):
        average_checkpoints([kept[0], tmp_path / "other.pt"])


def test_agreement_compares_the_export_on_the_same_tokens(tmp_path):
    """A near tie that flips one argmax must not make the check compare two different continuations."""
    torch.manual_seed(3)
    model = GPT(TINY).eval()
    other = GPT(TINY).eval()
    other.load_state_dict(model.state_dict())
    with torch.no_grad():
        other.head.weight.add_(torch.randn_like(other.head.weight) * 0.01)  # close logits, some argmaxes differ
    onnx_path = export_onnx(other, tmp_path / "other.onnx")
    prompt, steps = [1, 5, 9], 12
    got = check_agreement(model, onnx_path, prompt, new_tokens=steps)
    tokens, diff, same = list(prompt), 0.0, 0
    with torch.no_grad():  # expected: both models read the reference model's greedy tokens
        for _ in range(steps):
            ref, out = model(torch.tensor([tokens]))[0, -1], other(torch.tensor([tokens]))[0, -1]
            diff, same = max(diff, float((ref - out).abs().max())), same + int(ref.argmax() == out.argmax())
            tokens.append(int(ref.argmax()))
    assert got["max_abs_logit_diff"] == pytest.approx(diff, abs=1e-3)
    assert 0 < same < steps, "the perturbation flips some argmaxes, not all"
    assert got["greedy_agreement"] == pytest.approx(same / steps) and not got["greedy_equal"]


def test_warm_start_reads_back_exported_weights(tmp_path):
    torch.manual_seed(1)
    model = GPT(TINY).eval()
    with torch.no_grad():  # trained weights: no two parameters equal (the exporter merges equal constants)
        for p in model.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    fp32 = export_onnx(model, tmp_path / "m.onnx")
    int8 = quantize_int8(fp32, tmp_path / "q.onnx")
    exact = onnx_state_dict(fp32, GPT(TINY))
    assert all(torch.equal(exact[k], v) for k, v in model.state_dict().items())
    approx = onnx_state_dict(int8, GPT(TINY))  # dequantised: close to, not equal to, the original weights
    for key, ref in model.state_dict().items():
        assert torch.allclose(approx[key], ref, atol=float(ref.abs().max()) / 100 + 1e-6), key
    with pytest.raises(ValueError, match="shape"):
        onnx_state_dict(fp32, GPT(GPTConfig(vocab_size=80, n_layer=2, n_head=2, d_model=32, n_ctx=48)))


def test_grown_model_computes_the_same_function_and_then_learns():
    torch.manual_seed(0)
    small = GPT(TINY).eval()
    cfg, state = grow_depth(small.state_dict(), TINY, 5)
    big = GPT(cfg).eval()
    big.load_state_dict(state)
    ids = torch.randint(0, 64, (2, 10))
    with torch.no_grad():
        assert torch.allclose(small(ids), big(ids), atol=1e-5)
    assert cfg.n_layer == 5 and big.n_params() > small.n_params()
    loss = big(ids).logsumexp(-1).mean()
    loss.backward()
    assert big.blocks[1].proj.weight.grad.abs().sum() > 0  # the new blocks are trainable
    with pytest.raises(ValueError):
        grow_depth(small.state_dict(), TINY, 1)


def test_bf16_autocast_is_a_config_choice():
    ids = torch.randint(0, 64, (1, 6))
    model = GPT(TINY)
    with _autocast(TrainConfig(bf16=True))():
        assert model(ids).dtype == torch.bfloat16
    with _autocast(TrainConfig(bf16=False))():
        assert model(ids).dtype == torch.float32
    assert isinstance(bf16_supported(), bool)


def test_train_script_with_legible_tokenization_end_to_end(tmp_path):
    """scripts/exec/train.py: tokenizer -> examples -> train -> export; the policy is recorded in the work dir and in
    the manifest, and the exported model encodes string literals one character per token."""
    import subprocess
    import sys
    from pathlib import Path

    from clairvoyant.runtime import ModelRegistry

    root = Path(__file__).resolve().parents[2]
    samples = [{"code": f"def f(s):\n    return s.upper() + '{w}'", "call": f"f('{w}{i}')",
                "result": repr(f"{w}{i}".upper() + w), "states": [], "steps": 0}
               for i, w in enumerate(["ab", "cd", "hello", "xyz", "tail", "q"] * 6)]  # fmt: skip
    data = tmp_path / "data.jsonl"
    data.write_text("".join(json.dumps(s) + "\n" for s in samples))
    models = tmp_path / "models"
    args = [sys.executable, str(root / "scripts/exec/train.py"), "--data", str(data), "--work", str(tmp_path / "w"),
            "--model-dir", str(models / "exec-predictor"), "--vocab", "300", "--layers", "1", "--heads", "2",
            "--d-model", "32", "--n-ctx", "128", "--batch-size", "4", "--max-steps", "4", "--scratch-frac", "0",
            "--bf16", "off", "--snapshot-every", "2"]  # fmt: skip
    done = subprocess.run([*args, "--tokenization", "legible"], check=False, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    manifest = json.loads((models / "exec-predictor" / "manifest.json").read_text())
    assert manifest["tokenization"] == "legible"
    metrics = manifest["metrics"]
    assert metrics["onnx_vs_torch_max_abs_logit_diff"] <= 2.0, "an int8 export that disagrees is replaced by fp32"
    assert 0.0 <= metrics["onnx_greedy_agreement"] <= 1.0
    model = ModelRegistry(models, provider="cpu").get("exec-predictor")
    assert len(model.encode("'hello'")) == 7
    again = subprocess.run([*args, "--export-only", "--average-last", "2"], check=False, capture_output=True,
                           text=True, timeout=300)  # fmt: skip
    assert again.returncode == 0 and "tokenization: legible" in again.stdout, "the work dir remembers its policy"
    assert "mean of 2 checkpoints: step-0000002.pt, ckpt.pt" in again.stdout
    assert json.loads((models / "exec-predictor" / "manifest.json").read_text())["metrics"]["averaged_checkpoints"] == 2
