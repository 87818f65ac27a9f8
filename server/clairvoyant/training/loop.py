"""Resumable CPU/GPU training loop for `GPT` on (token ids, loss start) examples.

Each example is a token sequence whose loss is taken only from position `start` on (the target part).
Batches group examples of similar length; checkpoints (model, optimizer, step, data order) go to
`out_dir/ckpt.pt` every `ckpt_every` steps and when the time limit is reached, so re-running resumes.
Progress is appended to `out_dir/log.jsonl`. With `snapshot_every`, the weights alone are also kept every so many
steps (`out_dir/snapshots/`, the newest `keep_snapshots`), so an export can average the last few
(`average_checkpoints`).
"""

from __future__ import annotations

import json
import math
import os
import time
from contextlib import nullcontext
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from .gpt import GPT, GPTConfig

SNAPSHOTS = "snapshots"


@dataclass
class TrainConfig:
    lr: float = 1e-3
    min_lr: float = 1e-4
    warmup: int = 200
    max_steps: int = 20000
    batch_size: int = 32
    weight_decay: float = 0.1
    grad_clip: float = 1.0
    eval_every: int = 250
    ckpt_every: int = 250
    time_limit_s: float = 0.0  # 0 = no limit; otherwise stop (with a checkpoint) after this many seconds
    threads: int = 2
    bf16: bool = False  # bf16 autocast: a 2x win with AVX512-BF16, an 8x loss without it (AVX2 only)
    reset_order: bool = False  # resuming on new data: keep weights, optimizer and step; start a new data order
    seed: int = 0
    snapshot_every: int = 0  # keep the weights every this many steps, for averaging at export (0 = never)
    keep_snapshots: int = 8
    pad_multiple: int = 32  # batches are padded to a multiple of this length: few distinct shapes, so the CPU
    # allocator and oneDNN's kernel cache stop growing (one shape per length grew a run to 18 GiB, -30 % tokens/s)


class Examples:
    """Examples packed in one array: ids[offsets[i]:offsets[i+1]]; `loss_mask` marks target tokens (1 = the
    model is trained to predict this token), so one sequence may hold several prompt/target pairs.

    `targets` is either one loss mask per sequence, or one int per sequence: the position where its target
    starts (loss on every token from there on).
    """

    def __init__(self, seqs: list[list[int]], targets: list[list[int]] | list[int]):
        masks = [[0] * t + [1] * (len(s) - t) if isinstance(t, (int, np.integer)) else t for s, t in zip(seqs, targets)]
        self.offsets = np.zeros(len(seqs) + 1, dtype=np.int64)
        self.offsets[1:] = np.cumsum([len(s) for s in seqs])
        n = int(self.offsets[-1])
        self.ids = np.fromiter((t for s in seqs for t in s), dtype=np.int32, count=n)
        self.loss_mask = np.fromiter((t for s in masks for t in s), dtype=np.uint8, count=n)

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def lengths(self) -> np.ndarray:
        return np.diff(self.offsets)

    def batch(self, idx: np.ndarray, pad_id: int, multiple: int = 1, limit: int | None = None
              ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:  # fmt: skip
        """(inputs, targets, loss mask) for examples `idx`, right-padded to the longest one, rounded up to a
        multiple of `multiple` but not past `limit` (the model's context); padding is masked out of the loss."""
        longest = int(self.lengths()[idx].max()) - 1
        T = -(-longest // multiple) * multiple
        if limit is not None:
            T = max(longest, min(T, limit))
        x = np.full((len(idx), T), pad_id, dtype=np.int64)
        y = np.full((len(idx), T), pad_id, dtype=np.int64)
        m = np.zeros((len(idx), T), dtype=np.float32)
        for r, i in enumerate(idx):
            a, b = self.offsets[i], self.offsets[i + 1]
            n = b - a - 1
            x[r, :n], y[r, :n] = self.ids[a : b - 1], self.ids[a + 1 : b]
            m[r, :n] = self.loss_mask[a + 1 : b]
        return torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(m)

    def save(self, path: Path) -> None:
        np.savez(path, offsets=self.offsets, ids=self.ids, loss_mask=self.loss_mask)

    @classmethod
    def load(cls, path: Path) -> Examples:
        z = np.load(path)
        ex = cls.__new__(cls)
        ex.offsets, ex.ids, ex.loss_mask = z["offsets"], z["ids"], z["loss_mask"]
        return ex


def epoch_order(lengths: np.ndarray, batch_size: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Shuffled batches of similar-length examples (sorted within random windows of 64 batches)."""
    perm = rng.permutation(len(lengths))
    window = batch_size * 64
    batches = []
    for s in range(0, len(perm), window):
        chunk = perm[s : s + window]
        chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [batches[i] for i in rng.permutation(len(batches))]


def lr_at(step: int, cfg: TrainConfig) -> float:
    if step < cfg.warmup:
        return cfg.lr * (step + 1) / cfg.warmup
    progress = min(1.0, (step - cfg.warmup) / max(1, cfg.max_steps - cfg.warmup))
    return cfg.min_lr + 0.5 * (cfg.lr - cfg.min_lr) * (1 + math.cos(math.pi * progress))


def _loss(model: GPT, x, y, m, autocast) -> torch.Tensor:
    with autocast():
        logits = model(x)
    loss = F.cross_entropy(logits.float().view(-1, logits.shape[-1]), y.view(-1), reduction="none")
    return (loss * m.view(-1)).sum() / m.sum().clamp(min=1)


@torch.no_grad()
def evaluate(model: GPT, data: Examples, cfg: TrainConfig, pad_id: int, max_batches: int = 20) -> float:
    model.eval()
    autocast = _autocast(cfg)
    order = np.arange(len(data))
    losses = [
        _loss(model, *data.batch(order[i : i + cfg.batch_size], pad_id, cfg.pad_multiple, model.cfg.n_ctx), autocast).item()
        for i in range(0, min(len(data), max_batches * cfg.batch_size), cfg.batch_size)
    ]
    model.train()
    return float(np.mean(losses)) if losses else float("nan")


def bf16_supported() -> bool:
    """bf16 pays off on a CUDA device that supports it, or on a CPU with AVX512-BF16 (or AMX)."""
    if torch.cuda.is_available():
        return torch.cuda.is_bf16_supported()
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return "avx512_bf16" in flags or "amx_bf16" in flags


def _autocast(cfg: TrainConfig):
    if cfg.bf16:
        device = "cuda" if torch.cuda.is_available() else "cpu"
        return lambda: torch.autocast(device, dtype=torch.bfloat16)
    return nullcontext


def train(model_cfg: GPTConfig, cfg: TrainConfig, train_data: Examples, val_data: Examples, out_dir: Path,
          pad_id: int = 0, init_state: dict | None = None) -> GPT:  # fmt: skip
    """Train (resuming from out_dir/ckpt.pt when present, else starting from `init_state` when given, else from
    scratch) and return the model; writes out_dir/model.pt at the end."""
    out_dir.mkdir(parents=True, exist_ok=True)
    torch.set_num_threads(cfg.threads)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.manual_seed(cfg.seed)
    model = GPT(model_cfg).to(device)
    decay = [p for n, p in model.named_parameters() if p.dim() >= 2]
    no_decay = [p for n, p in model.named_parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": cfg.weight_decay},
                             {"params": no_decay, "weight_decay": 0.0}], lr=cfg.lr, betas=(0.9, 0.95))  # fmt: skip
    step, epoch, pos = 0, 0, 0
    ckpt_path = out_dir / "ckpt.pt"
    if ckpt_path.exists():
        ck = torch.load(ckpt_path, map_location=device, weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        step, epoch, pos = ck["step"], ck["epoch"], ck["pos"]
        if cfg.reset_order:
            epoch, pos = 0, 0
        print(f"resumed from step {step} (epoch {epoch}, batch {pos})", flush=True)
    elif init_state is not None:
        model.load_state_dict(init_state)

    def save(path: Path) -> None:
        tmp = path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "step": step, "epoch": epoch, "pos": pos,
                    "model_cfg": model_cfg.to_dict(), "train_cfg": asdict(cfg)}, tmp)  # fmt: skip
        os.replace(tmp, path)

    log = (out_dir / "log.jsonl").open("a")
    autocast = _autocast(cfg)
    t0 = last = time.time()
    tokens = 0
    model.train()
    while step < cfg.max_steps:
        batches = epoch_order(train_data.lengths(), cfg.batch_size, np.random.default_rng(cfg.seed + epoch))
        while pos < len(batches) and step < cfg.max_steps:
            x, y, m = (t.to(device) for t in train_data.batch(batches[pos], pad_id, cfg.pad_multiple, model_cfg.n_ctx))
            for group in opt.param_groups:
                group["lr"] = lr_at(step, cfg)
            loss = _loss(model, x, y, m, autocast)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.grad_clip)
            opt.step()
            step, pos, tokens = step + 1, pos + 1, tokens + x.numel()
            out_of_time = cfg.time_limit_s and time.time() - t0 > cfg.time_limit_s
            if step % 25 == 0:
                now = time.time()
                rec = {"step": step, "epoch": epoch, "loss": round(loss.item(), 4), "lr": round(lr_at(step, cfg), 6),
                       "tok_s": round(tokens / (now - last)), "elapsed_s": round(now - t0)}  # fmt: skip
                tokens, last = 0, now
                if step % cfg.eval_every == 0:
                    rec["val_loss"] = round(evaluate(model, val_data, cfg, pad_id), 4)
                print(json.dumps(rec), flush=True)
                log.write(json.dumps(rec) + "\n")
                log.flush()
            if step % cfg.ckpt_every == 0 or out_of_time:
                save(ckpt_path)
            if cfg.snapshot_every and step % cfg.snapshot_every == 0:
                save_snapshot(out_dir, model, model_cfg, step, cfg.keep_snapshots)
            if out_of_time:
                print(f"time limit reached at step {step}", flush=True)
                return model
        if pos >= len(batches):
            epoch, pos = epoch + 1, 0
    save(ckpt_path)
    torch.save({"model": model.state_dict(), "model_cfg": model_cfg.to_dict()}, out_dir / "model.pt")
    return model


def save_snapshot(out_dir: Path, model: GPT, model_cfg: GPTConfig, step: int, keep: int) -> Path:
    """Write the weights at `step` to out_dir/snapshots/ and drop all but the newest `keep` snapshots."""
    folder = out_dir / SNAPSHOTS
    folder.mkdir(exist_ok=True)
    path = folder / f"step-{step:07d}.pt"
    torch.save({"model": model.state_dict(), "model_cfg": model_cfg.to_dict(), "step": step}, path)
    for old in snapshots(out_dir)[:-keep]:
        old.unlink()
    return path


def snapshots(out_dir: Path) -> list[Path]:
    """The snapshots `train` kept in out_dir, oldest first."""
    return sorted((out_dir / SNAPSHOTS).glob("step-*.pt"))


def last_points(out_dir: Path, k: int) -> list[Path]:
    """out_dir's checkpoint and the newest k - 1 snapshots saved before it, oldest first (what an export averages)."""
    ckpt = out_dir / "ckpt.pt"
    stop = checkpoint_step(ckpt)
    before = [p for p in snapshots(out_dir) if int(p.stem.removeprefix("step-")) < stop]
    return before[-(k - 1) :] + [ckpt] if k > 1 else [ckpt]


def average_checkpoints(paths: list[Path]) -> GPT:
    """A GPT whose weights are the mean of the checkpoints' (same architecture; ckpt.pt, model.pt or snapshots):
    averaging the last few points of a run usually generalises a little better than its last point alone."""
    states = [torch.load(p, map_location="cpu", weights_only=False) for p in paths]
    if not states:
        raise ValueError("no checkpoints to average")
    if any(s["model_cfg"] != states[0]["model_cfg"] for s in states):
        raise ValueError("cannot average checkpoints of different architectures")
    model = GPT(GPTConfig(**states[0]["model_cfg"]))
    mean = {k: sum(s["model"][k].float() for s in states) / len(states) for k in states[0]["model"]}
    model.load_state_dict({k: v.to(states[0]["model"][k].dtype) for k, v in mean.items()})
    return model.eval()


def checkpoint_step(path: Path) -> int:
    """The optimizer step a checkpoint was saved at (0 when there is none)."""
    if not path.exists():
        return 0
    return int(torch.load(path, map_location="cpu", weights_only=False)["step"])


def load_model(path: Path) -> GPT:
    """A GPT from a checkpoint written by `train` (ckpt.pt or model.pt)."""
    ck = torch.load(path, map_location="cpu", weights_only=False)
    model = GPT(GPTConfig(**ck["model_cfg"]))
    model.load_state_dict(ck["model"])
    return model.eval()
