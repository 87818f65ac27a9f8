"""Train, export and package the exec-predictor model (one command, resumable).

  python scripts/exec/train.py --data .work/exec-data/samples.jsonl --work .work/exec-train \\
      --model-dir models/exec-predictor --time-limit 3600

Stages (all by default, each skipped when its output exists): tokenizer -> examples -> train -> export.
Re-running after an interruption resumes training from the last checkpoint. On a GPU machine the same
command trains there (pass e.g. --layers 6 --d-model 384 for a larger model).

Use the default malloc. In session 7, with `MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=...` (faster for fixed-shape
batches) and one tensor shape per batch length, resident memory grew to 18 GiB in 1.2 h and throughput fell by a
quarter; the default malloc still grew (5 -> 9 GiB in 25 min) until batches were padded to a multiple of 32 tokens
(`TrainConfig.pad_multiple`): 2.9 GiB, flat.
"""

from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from tokenizers import Tokenizer

from clairvoyant.execution.prompts import SPECIAL_TOKENS, direct_prompt, step_prompt
from clairvoyant.runtime.tokenization import POLICIES, TextEncoder
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
    average_checkpoints,
    bf16_supported,
    checkpoint_step,
    last_points,
    train,
)
from clairvoyant.training.tokenizer import train_bpe

PROBES = 8  # validation samples on which the export is compared with torch


def agreement_on(model: GPT, onnx_path: Path, probes: list[list[int]]) -> dict:
    """`check_agreement` over several probes: the largest logit difference and the share of equal greedy steps."""
    runs = [check_agreement(model, onnx_path, p) for p in probes]
    return {"max_abs_logit_diff": max(r["max_abs_logit_diff"] for r in runs),
            "greedy_agreement": round(sum(r["greedy_agreement"] for r in runs) / len(runs), 4)}  # fmt: skip


def _data_changed(work: Path, data: Path) -> bool:
    """Record which data file the work dir trains on; True when it is not the one recorded (a new phase)."""
    stamp = work / "data.json"
    now = {"data": str(data), "bytes": data.stat().st_size if data.exists() else 0}
    old = json.loads(stamp.read_text()) if stamp.exists() else None
    stamp.write_text(json.dumps(now) + "\n")
    return old is not None and old != now


def load_samples(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open()]


def _pack(parts: list[tuple[list[int], list[int]]], n_ctx: int) -> list[tuple[list[int], list[int]]]:
    """Greedily concatenate (prompt ids, target ids) pairs into sequences of at most n_ctx tokens.

    Returns (ids, loss mask) sequences, the mask set on target tokens; pairs too long alone are dropped.
    """
    out, ids, mask = [], [], []
    for p, t in parts:
        if len(p) + len(t) > n_ctx:
            continue
        if ids and len(ids) + len(p) + len(t) > n_ctx:
            out.append((ids, mask))
            ids, mask = [], []
        ids, mask = ids + p + t, mask + [0] * len(p) + [1] * len(t)
    if ids:
        out.append((ids, mask))
    return out


def _tokenization(work: Path, requested: str | None, init_from: Path | None) -> tuple[str, bool]:
    """The work dir's tokenization policy (recorded in it) and whether it changed in this run.

    Chosen by --tokenization, else the one recorded, else the warm-start model's, else plain BPE.
    """
    stamp = work / "tokenization.json"
    old = json.loads(stamp.read_text())["policy"] if stamp.exists() else None
    init = json.loads((init_from / "manifest.json").read_text()).get("tokenization", "bpe") if init_from else "bpe"
    policy = requested or old or init
    stamp.write_text(json.dumps({"policy": policy}) + "\n")
    return policy, old is not None and old != policy


def make_examples(samples: list[dict], enc: Callable[[str], list[int]], n_ctx: int, rng: random.Random,
                  scratch_frac: float):  # fmt: skip
    """Examples: all calls of one function packed after one copy of its code (direct), plus sequences of
    scratchpad transitions (each a full step prompt followed by the next state)."""
    by_code: dict[str, list[dict]] = {}
    for s in samples:
        by_code.setdefault(s["code"], []).append(s)
    seqs = []
    for code, group in by_code.items():
        head = enc(direct_prompt(code, "").removesuffix("<ret>"))  # "<bos>{code}\n<call>"
        call_tok = enc("<call>")
        parts = []
        for i, s in enumerate(group):
            prompt = (head if i == 0 else call_tok) + enc(s["call"] + "<ret>")
            parts.append((prompt, enc(s["result"] + "<eos>")))
        if len(parts[0][0]) + len(parts[0][1]) <= n_ctx:
            seqs += _pack(parts, n_ctx)[:1]  # only the sequence that starts with the code
        for s in group:
            states = s["states"]
            if rng.random() >= scratch_frac or s["steps"] + 1 != len(states):
                continue
            steps = []
            for k in sorted({rng.randrange(len(states)) for _ in range(3)}):
                before = states[k - 1] if k > 0 else ""
                steps.append((enc(step_prompt(code, s["call"], before)), enc(states[k] + "<eos>")))
            seqs += _pack(steps, n_ctx)
    return Examples([ids for ids, _ in seqs], [m for _, m in seqs])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path(".work/exec-data/samples.jsonl"))
    ap.add_argument("--work", type=Path, default=Path(".work/exec-train"))
    ap.add_argument("--model-dir", type=Path, default=Path("models/exec-predictor"))
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--layers", type=int, default=4)
    ap.add_argument("--heads", type=int, default=4)
    ap.add_argument("--d-model", type=int, default=256)
    ap.add_argument("--n-ctx", type=int, default=512)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--lr", type=float, default=1.5e-3)
    ap.add_argument("--max-steps", type=int, default=12000)
    ap.add_argument("--time-limit", type=float, default=0.0, help="seconds of training in this run (0 = none)")
    ap.add_argument("--scratch-frac", type=float, default=0.35, help="fraction of traces giving scratchpad steps")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--init-from", type=Path, metavar="MODEL_DIR",
                    help="warm-start from an exported model (its tokenizer, architecture and weights, int8 "
                         "dequantised) when the work dir has no checkpoint yet")  # fmt: skip
    ap.add_argument("--grow-layers", type=int, default=0, metavar="N",
                    help="with --init-from: grow the warm-started model to N layers (new blocks start as identity)")
    ap.add_argument("--bf16", choices=["auto", "on", "off"], default="auto",
                    help="bf16 autocast; auto = on with CUDA bf16 or a CPU with AVX512-BF16/AMX")
    ap.add_argument("--tokenization", choices=POLICIES,
                    help="bpe, or legible (string literals and digits one byte token each); default: the work "
                         "dir's, else the --init-from model's, else bpe. A change rebuilds the examples")  # fmt: skip
    ap.add_argument("--no-int8", action="store_true")
    ap.add_argument("--max-int8-diff", type=float, default=2.0,
                    help="largest logit difference between int8 and torch on the probes (same tokens on both "
                         "sides); above it the fp32 export is shipped instead")  # fmt: skip
    ap.add_argument("--snapshot-every", type=int, default=500, metavar="STEPS",
                    help="keep the weights every STEPS steps (the newest 8), for --average-last")
    ap.add_argument("--average-last", type=int, default=3, metavar="K",
                    help="export the mean weights of the checkpoint and the K - 1 snapshots before it (1: the "
                         "checkpoint alone; 3 scored 0.155 on CruxEval-dev in session 6, the checkpoint alone 0.142)")
    ap.add_argument("--export-only", action="store_true", help="export the latest checkpoint now")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    rng = random.Random(0)

    tok_path = args.work / "tokenizer.json"
    samples = None
    if args.init_from:  # its tokenizer and architecture
        if not tok_path.exists():
            tok_path.write_text((args.init_from / "tokenizer.json").read_text())
        arch = json.loads((args.init_from / "manifest.json").read_text())["architecture"]
        args.layers, args.heads, args.d_model, args.n_ctx = (arch[k] for k in ("n_layer", "n_head", "d_model", "n_ctx"))
        init_layers = args.layers
        args.layers = max(args.layers, args.grow_layers)
    if not tok_path.exists():
        samples = load_samples(args.data)
        texts = [s["code"] + "\n" + s["call"] + "\n" + s["result"] for s in samples]
        texts += ["\n".join(s["states"][:8]) for s in rng.sample(samples, min(len(samples), 20000))]
        train_bpe(texts, tok_path, args.vocab, SPECIAL_TOKENS)
        print(f"tokenizer trained on {len(texts)} texts", flush=True)
    tok = Tokenizer.from_file(str(tok_path))
    pad_id = tok.token_to_id("<pad>")
    policy, policy_changed = _tokenization(args.work, args.tokenization, args.init_from)
    encoder = TextEncoder(tok, policy)
    print(f"tokenization: {policy}", flush=True)

    train_path, val_path = args.work / "train.npz", args.work / "val.npz"
    new_data = _data_changed(args.work, args.data) or policy_changed
    if new_data and train_path.exists():
        print(f"new data {args.data}: rebuilding examples, resuming weights with a new data order", flush=True)
        train_path.unlink()
    if not train_path.exists():
        samples = samples or load_samples(args.data)
        codes = sorted({s["code"] for s in samples})
        val_codes = set(random.Random(1).sample(codes, max(1, len(codes) // 100)))
        train_s = [s for s in samples if s["code"] not in val_codes]
        val_s = [s for s in samples if s["code"] in val_codes]
        (args.work / "val_samples.jsonl").write_text("".join(json.dumps(s) + "\n" for s in val_s))
        tr = make_examples(train_s, encoder.encode, args.n_ctx, rng, args.scratch_frac)
        va = make_examples(val_s, encoder.encode, args.n_ctx, rng, 0.0)
        tr.save(train_path)
        va.save(val_path)
        print(f"examples: train {len(tr)} sequences ({int(tr.lengths().sum())} tokens, "
              f"{int(tr.loss_mask.sum())} target tokens), val {len(va)}", flush=True)  # fmt: skip
    train_data, val_data = Examples.load(train_path), Examples.load(val_path)

    model_cfg = GPTConfig(vocab_size=tok.get_vocab_size(), n_layer=args.layers, n_head=args.heads,
                          d_model=args.d_model, n_ctx=args.n_ctx)  # fmt: skip
    cfg = TrainConfig(lr=args.lr, max_steps=args.max_steps, batch_size=args.batch_size, threads=args.threads,
                      time_limit_s=args.time_limit, min_lr=args.lr / 10, reset_order=new_data,
                      snapshot_every=args.snapshot_every,
                      bf16=bf16_supported() if args.bf16 == "auto" else args.bf16 == "on")  # fmt: skip
    print(f"bf16 autocast: {cfg.bf16}", flush=True)
    if not args.export_only:
        init_state = None
        if args.init_from and not (args.work / "ckpt.pt").exists():
            init_cfg = GPTConfig(**{**model_cfg.to_dict(), "n_layer": init_layers})
            init_state = onnx_state_dict(args.init_from / "model.onnx", GPT(init_cfg))
            if args.layers > init_layers:
                model_cfg, init_state = grow_depth(init_state, init_cfg, args.layers)
                print(f"grown from {init_layers} to {args.layers} layers", flush=True)
            print(f"warm start from {args.init_from / 'model.onnx'}", flush=True)
        t0 = time.time()
        train(model_cfg, cfg, train_data, val_data, args.work, pad_id=pad_id, init_state=init_state)
        print(f"training run took {time.time() - t0:.0f}s", flush=True)

    points = last_points(args.work, args.average_last)
    model = average_checkpoints(points)  # the checkpoint alone when k = 1
    if len(points) > 1:
        print(f"exporting the mean of {len(points)} checkpoints: {', '.join(p.name for p in points)}", flush=True)
    args.model_dir.mkdir(parents=True, exist_ok=True)
    fp32 = export_onnx(model, args.work / "model.fp32.onnx")
    final = args.model_dir / "model.onnx"
    probes = [val_data.ids[val_data.offsets[i] : val_data.offsets[i + 1]][:64].tolist()
              for i in range(min(PROBES, len(val_data.offsets) - 1))]  # fmt: skip
    quantized = not args.no_int8
    if quantized:
        quantize_int8(fp32, final)
        agreement = agreement_on(model, final, probes)
        print(f"int8 agreement: {agreement}", flush=True)
        if agreement["max_abs_logit_diff"] > args.max_int8_diff:
            print(f"int8 export disagrees with torch (limit {args.max_int8_diff}): shipping fp32 instead", flush=True)
            quantized = False
    if not quantized:
        final.write_bytes(fp32.read_bytes())
        agreement = agreement_on(model, final, probes)
    (args.model_dir / "tokenizer.json").write_text(tok_path.read_text())
    print(f"onnx agreement: {agreement}", flush=True)
    ck_step = checkpoint_step(args.work / "ckpt.pt")
    write_manifest(
        args.model_dir, name="exec-predictor", task="exec-predict", model=model,
        special_tokens={"bos": "<bos>", "eos": "<eos>", "pad": "<pad>"},
        prompt_format="direct: <bos>{code}\\n<call>{call}<ret> -> {repr}<eos>; scratchpad: "
                      "<bos>{code}\\n<call>{call}<trace>{state}<next> -> {next state}<eos> (see MODEL_CARD.md)",
        training_command="python "
                         + " ".join(shlex.quote(a) for a in sys.argv),
        metrics={"onnx_vs_torch_max_abs_logit_diff": round(agreement["max_abs_logit_diff"], 4),
                 "onnx_greedy_agreement": agreement["greedy_agreement"], "train_steps": ck_step,
                 "averaged_checkpoints": len(points)},
        extra={"quantization": "int8-dynamic" if quantized else None, "tokenization": policy},
    )  # fmt: skip
    print(f"exported to {args.model_dir}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
