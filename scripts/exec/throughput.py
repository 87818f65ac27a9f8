"""Measure training throughput (tokens/s, forward + backward + AdamW step) of candidate model sizes here.

  python scripts/exec/throughput.py --sizes 4x128 8x128 6x192 --threads 2 [--bf16 auto|on|off]

Prints one JSON line per size: parameters, tokens/s, and the tokens a given budget of hours trains, so the model
size can be chosen for the planned budget (see models/exec-predictor/MODEL_CARD.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

import torch

from clairvoyant.training.gpt import GPT, GPTConfig
from clairvoyant.training.loop import TrainConfig, _autocast, _loss, bf16_supported


def measure(layers: int, d_model: int, *, vocab: int, n_ctx: int, batch: int, seq: int, steps: int, bf16: bool) -> dict:
    model = GPT(GPTConfig(vocab_size=vocab, n_layer=layers, n_head=max(1, d_model // 32), d_model=d_model, n_ctx=n_ctx))
    opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
    autocast = _autocast(TrainConfig(bf16=bf16))
    x = torch.randint(0, vocab, (batch, seq))
    m = torch.ones(batch, seq)
    times = []
    for i in range(steps + 2):
        t = time.perf_counter()
        loss = _loss(model, x, x, m, autocast)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i >= 2:  # warm-up steps excluded
            times.append(time.perf_counter() - t)
    tok_s = batch * seq / (sum(times) / len(times))
    return {"layers": layers, "d_model": d_model, "params": model.n_params(), "bf16": bf16, "tok_s": round(tok_s)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", default=["4x128", "8x128", "6x192"], help="LAYERSxD_MODEL")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--bf16", choices=["auto", "on", "off"], default="auto")
    ap.add_argument("--vocab", type=int, default=2048)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seq", type=int, default=192, help="typical packed sequence length")
    ap.add_argument("--steps", type=int, default=8)
    ap.add_argument("--hours", type=float, default=2.0, help="budget to convert tokens/s into tokens")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    bf16 = bf16_supported() if args.bf16 == "auto" else args.bf16 == "on"
    for size in args.sizes:
        layers, d_model = map(int, size.split("x"))
        r = measure(layers, d_model, vocab=args.vocab, n_ctx=512, batch=args.batch, seq=args.seq, steps=args.steps,
                    bf16=bf16)  # fmt: skip
        r["tokens_in_budget_M"] = round(r["tok_s"] * args.hours * 3600 / 1e6, 1)
        print(json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
