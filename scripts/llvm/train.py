#!/usr/bin/env python3
"""Train the llvm-passes model on `make_dataset.py` output, export it to ONNX and write the model directory.

  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=100000000000 nice -n 10 python scripts/llvm/train.py \
      --data .work/llvm-data/train.txt --work .work/llvm-train --out models/llvm-passes --steps 3000
Needs the [train] extra (torch). Resumable: re-running continues from WORK/ckpt.pt.
"""
from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from tokenizers import Tokenizer

from clairvoyant.llvm import prompt as P
from clairvoyant.training.export import check_agreement, export_onnx, write_manifest
from clairvoyant.training.gpt import GPTConfig
from clairvoyant.training.loop import Examples, TrainConfig, evaluate, train

PROMPT_FORMAT = ("WordLevel tokens separated by spaces: `<bos> <in> DIGITS fn:B int:B gl:B bb:B loop:B big:B call:B "
                 "ext:B mem:B (op:NAME q:B)* <sep>` then pass entries, `<cnt>`, predicted instruction count digits, "
                 "`<eos>` (B = log2 bucket; see clairvoyant/llvm/prompt.py)")


def load_examples(path: Path, tok: Tokenizer, n_ctx: int) -> tuple[list[list[int]], list[list[int]]]:
    """Token ids and loss masks (1 on the completion: pass list, count, <eos>) of each example line."""
    sep = tok.token_to_id(P.SEP)
    seqs, masks = [], []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        ids = tok.encode(line, add_special_tokens=False).ids
        if len(ids) <= n_ctx:
            start = ids.index(sep) + 1
            seqs.append(ids)
            masks.append([0] * start + [1] * (len(ids) - start))
    return seqs, masks


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--val", help="validation examples (default: DATA.val, else 5%% of DATA)")
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--work", default=".work/llvm-train")
    ap.add_argument("--out", default="models/llvm-passes")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--layers", type=int, default=3)
    ap.add_argument("--d-model", type=int, default=128)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--n-ctx", type=int, default=160)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=0.1)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--time-limit", type=float, default=0.0)
    ap.add_argument("--bf16", action="store_true", help="bf16 autocast (12x slower than fp32 for this size here)")
    args = ap.parse_args()

    tok = Tokenizer.from_str(P.tokenizer_json())
    seqs, masks = load_examples(Path(args.data), tok, args.n_ctx)
    val_path = Path(args.val or args.data + ".val")
    if val_path.is_file() and val_path.read_text().strip():
        train_data = Examples(seqs, masks)
        val_data = Examples(*load_examples(val_path, tok, args.n_ctx))
    else:
        order = list(range(len(seqs)))
        random.Random(0).shuffle(order)
        n_val = max(32, len(order) // 20)
        pick = lambda idx: Examples([seqs[i] for i in idx], [masks[i] for i in idx])
        train_data, val_data = pick(order[n_val:]), pick(order[:n_val])
    print(json.dumps({"train_examples": len(train_data), "val_examples": len(val_data)}), flush=True)

    model_cfg = GPTConfig(vocab_size=tok.get_vocab_size(), n_layer=args.layers, n_head=args.heads,
                          d_model=args.d_model, n_ctx=args.n_ctx, dropout=args.dropout)
    cfg = TrainConfig(lr=args.lr, min_lr=args.lr / 10, warmup=100, max_steps=args.steps, batch_size=args.batch_size,
                      weight_decay=args.weight_decay,
                      eval_every=args.eval_every, ckpt_every=250, threads=args.threads, time_limit_s=args.time_limit, bf16=args.bf16)
    pad = tok.token_to_id(P.PAD)
    model = train(model_cfg, cfg, train_data, val_data, Path(args.work), pad_id=pad)
    val_loss = evaluate(model, val_data, cfg, pad, max_batches=1000)

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "tokenizer.json").write_text(P.tokenizer_json())
    export_onnx(model, out / "model.onnx")
    model.eval()  # the exporter restores its wrapper's (training) mode on the model
    agreement = check_agreement(model, out / "model.onnx", seqs[0][:masks[0].index(1)], new_tokens=8)
    command = "python " + " ".join(shlex.quote(a) for a in sys.argv)
    write_manifest(out, name="llvm-passes", task="llvm-pass-list", model=model,
                   special_tokens={"bos": P.BOS, "eos": P.EOS, "pad": P.PAD, "sep": P.SEP, "cnt": P.CNT},
                   prompt_format=PROMPT_FORMAT, training_command=command,
                   metrics={"val_loss": round(val_loss, 4), "train_examples": len(train_data),
                            "val_examples": len(val_data), "steps": args.steps,
                            "onnx_max_abs_logit_diff": agreement["max_abs_logit_diff"],
                            "onnx_greedy_equal": agreement["greedy_equal"]})
    print(json.dumps({"val_loss": val_loss, **agreement, "out": str(out)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
