"""The pass ranker's network and its training: module features in, one score per candidate pass list out.

A small MLP (input standardisation baked in, so the ONNX file takes raw `llvm.features` vectors). The loss is a
listwise cross-entropy against a soft target: each module's candidates weighted by softmax(gain / temperature),
where gain is the relative instruction-count saving over `-Oz` (failed candidates get a large negative gain).
So the network learns to put the candidates that win on this kind of module first.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch
from torch import nn


@dataclass
class RankerConfig:
    hidden: int = 256
    layers: int = 2
    dropout: float = 0.2
    lr: float = 2e-3
    weight_decay: float = 1e-3
    epochs: int = 200
    batch_size: int = 64
    temperature: float = 0.01  # gains are fractions: 0.01 = one percentage point
    loss: str = "listwise"  # "regress": squared error on the clipped gains; "expected": maximise the expected
    # gain over -Oz of a list drawn from the scores' softmax (what a single suggestion with -Oz as backup earns)
    factorized: bool = False  # score = module embedding . embedding of the candidate's passes (+ a bias)
    seed: int = 0


class Ranker(nn.Module):
    def __init__(self, n_features: int, n_candidates: int, cfg: RankerConfig, mean: np.ndarray, std: np.ndarray,
                 candidate_bags: np.ndarray | None = None):
        super().__init__()
        self.register_buffer("mean", torch.tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.tensor(std, dtype=torch.float32))
        layers: list[nn.Module] = []
        width = n_features
        for _ in range(cfg.layers):
            layers += [nn.Linear(width, cfg.hidden), nn.GELU(), nn.Dropout(cfg.dropout)]
            width = cfg.hidden
        self.factorized = candidate_bags is not None
        if self.factorized:
            self.register_buffer("bags", torch.tensor(candidate_bags, dtype=torch.float32))
            self.embed = nn.Linear(candidate_bags.shape[1], width)
            self.bias = nn.Parameter(torch.zeros(n_candidates))
        else:
            layers.append(nn.Linear(width, n_candidates))
        self.net = nn.Sequential(*layers)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        h = self.net((features - self.mean) / self.std)
        return h @ self.embed(self.bags).T + self.bias if self.factorized else h


class RankerEnsemble(nn.Module):
    """Several rankers trained with different seeds; their scores are averaged (one ONNX graph)."""

    def __init__(self, members: list[Ranker]):
        super().__init__()
        self.members = nn.ModuleList(members)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        return torch.stack([m(features) for m in self.members]).mean(dim=0)


def fit_ensemble(x: np.ndarray, gains: np.ndarray, cfg: RankerConfig, seeds: int,
                 weights: np.ndarray | None = None, candidates: list[str] | None = None) -> RankerEnsemble:
    """`seeds` rankers (seeds 0 … seeds - 1) averaged."""
    return RankerEnsemble([fit(x, gains, replace(cfg, seed=i), weights, candidates) for i in range(seeds)]).eval()


def candidate_bags(candidates: list[str]) -> np.ndarray:
    """Per candidate: which vocabulary entries it runs (counts), and where -Oz sits (first, last, absent)."""
    from clairvoyant.llvm.passes import OZ, VOCABULARY, split_top_level
    index = {v: i for i, v in enumerate(VOCABULARY)}
    out = np.zeros((len(candidates), len(VOCABULARY) + 3), dtype=np.float32)
    for k, c in enumerate(candidates):
        parts = split_top_level(c)
        for p in parts:
            if p in index:
                out[k, index[p]] += 1
        out[k, len(VOCABULARY):] = [parts[0] == OZ, parts[-1] == OZ and len(parts) > 1, OZ not in parts]
    return out


def soft_targets(gains: np.ndarray, temperature: float) -> np.ndarray:
    """Per row: softmax of gain / temperature (the distribution the network is trained to match)."""
    z = gains / temperature
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def fit(x: np.ndarray, gains: np.ndarray, cfg: RankerConfig, weights: np.ndarray | None = None,
        candidates: list[str] | None = None) -> Ranker:
    """Train a ranker on features `x` [n, f] and candidate gains [n, k]; `weights` per module (default 1);
    `candidates` (the lists themselves) are needed for a factorized ranker."""
    torch.manual_seed(cfg.seed)
    rng = np.random.default_rng(cfg.seed)
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-3
    bags = candidate_bags(candidates) if cfg.factorized else None
    model = Ranker(x.shape[1], gains.shape[1], cfg, mean, std, bags)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    xt = torch.tensor(x, dtype=torch.float32)
    target = {"listwise": lambda: soft_targets(gains, cfg.temperature),
              "regress": lambda: np.clip(gains, -0.05, 1.0) * 10,
              "expected": lambda: np.maximum(gains, 0.0) * 100}[cfg.loss]()
    tt = torch.tensor(target, dtype=torch.float32)
    wt = torch.tensor(weights if weights is not None else np.ones(len(x)), dtype=torch.float32)
    steps = cfg.epochs * max(1, len(x) // cfg.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=steps)
    model.train()
    step = 0
    while step < steps:
        for idx in np.array_split(rng.permutation(len(x)), max(1, len(x) // cfg.batch_size)):
            if step >= steps:
                break
            out = model(xt[idx])
            if cfg.loss == "listwise":
                per_row = -(tt[idx] * torch.log_softmax(out, dim=1)).sum(dim=1)
            elif cfg.loss == "expected":
                per_row = -(tt[idx] * torch.softmax(out, dim=1)).sum(dim=1)
            else:
                per_row = ((out - tt[idx]) ** 2).mean(dim=1)
            loss = (per_row * wt[idx]).sum() / wt[idx].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
    model.eval()
    return model


def scores(model: nn.Module, x: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        return model(torch.tensor(x, dtype=torch.float32)).numpy()


def export_onnx(model: nn.Module, n_features: int, path) -> None:
    """ONNX with input `features` [batch, n_features] and output `scores` [batch, n_candidates] (the legacy
    TorchScript exporter, as for the decoders)."""
    model.eval()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(model, (torch.zeros(1, n_features),), str(path), input_names=["features"],
                          output_names=["scores"], opset_version=17, dynamo=False,
                          dynamic_axes={"features": {0: "batch"}, "scores": {0: "batch"}})


def export_ranker(model: RankerEnsemble, out: Path, candidates: list[str], features: list[str], feature_version: int,
                  metrics: dict, command: str, neighbours: tuple[np.ndarray, np.ndarray, int] | None = None) -> None:
    """Write `out/` as a shipped scorer model: model.onnx, candidates.json (labels + feature names), manifest;
    with `neighbours` (training features, gains, k) also neighbours.npz, which the ranker covers with."""
    from clairvoyant.llvm.ranker import NEIGHBOURS_FILE, write_neighbours
    from clairvoyant.runtime.scorer import write_scorer_files
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    export_onnx(model, len(features), out / "model.onnx")
    first = model.members[0]
    linear = [m for m in first.net if isinstance(m, nn.Linear)]
    architecture = {"n_features": len(features), "n_candidates": len(candidates), "hidden": linear[0].out_features,
                    "factorized": int(first.factorized), "layers": sum(isinstance(m, nn.GELU) for m in first.net),
                    "ensemble": len(model.members), "n_params": sum(p.numel() for p in model.parameters())}
    extra_files = []
    if neighbours is not None:
        write_neighbours(out / NEIGHBOURS_FILE, *neighbours)
        extra_files.append(NEIGHBOURS_FILE)
        architecture["cover_k"] = int(neighbours[2])
    elif (out / NEIGHBOURS_FILE).exists():
        (out / NEIGHBOURS_FILE).unlink()
    write_scorer_files(out, candidates, features, "llvm-pass-ranking", architecture,
                       {"meta": {"feature_version": feature_version}, "training_command": command, "metrics": metrics},
                       extra_files)
