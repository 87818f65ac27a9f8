"""The model's view of a module and its token sequence.

A module is compacted into whitespace-separated tokens: its instruction count (digits), bucketed counts of
functions, internal functions, globals, basic blocks, loops (back edges), the largest function, calls to
functions defined here / to external functions / to `llvm.mem*`, and a bucketed histogram of opcodes. The model continues with pass
entries (one token per vocabulary entry), `<cnt>`, the predicted instruction count in digits, and `<eos>`:

  <bos> <in> 3 5 1 fn:3 int:1 gl:2 bb:6 loop:3 big:7 call:2 ext:0 mem:0 op:load q:5 ... <sep>
        function(sroa) default<Oz> <cnt> 1 1 4 <eos>
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter

from clairvoyant.llvm.counting import OPCODES, parse_functions
from clairvoyant.llvm.passes import VOCABULARY

BOS, EOS, PAD, UNK = "<bos>", "<eos>", "<pad>", "<unk>"
IN, SEP, CNT = "<in>", "<sep>", "<cnt>"
SPECIALS = [PAD, BOS, EOS, UNK, IN, SEP, CNT]
DIGITS = [str(d) for d in range(10)]
N_BUCKETS = 16
FEATURES = ("fn", "int", "gl", "bb", "loop", "big", "call", "ext", "mem")
_OPCODE_ORDER = sorted(OPCODES)


def bucket(n: int) -> int:
    """0 for 0, else 1 + floor(log2(n)), capped: 1, 2-3, 4-7, ..."""
    return 0 if n <= 0 else min(N_BUCKETS - 1, 1 + int(math.log2(n)))


def digits(n: int) -> list[str]:
    return list(str(max(0, int(n))))


def module_tokens(text: str) -> list[str]:
    """The compact description of a module (everything between <bos> and <sep>)."""
    funcs = parse_functions(text)
    ops: Counter = Counter()
    for f in funcs:
        ops.update(f.opcodes)
    callees: Counter = Counter()
    for f in funcs:
        callees.update(f.callees)
    defined = {f.name for f in funcs}
    internal = len(re.findall(r"^define\s+(?:internal|private)\b", text, re.MULTILINE))
    globals_ = len(re.findall(r"^@[-\w.$\"]+\s*=", text, re.MULTILINE))
    features = {
        "fn": len(funcs), "int": internal, "gl": globals_,
        "bb": sum(f.blocks for f in funcs), "loop": sum(f.back_edges for f in funcs),
        "big": max((f.instructions for f in funcs), default=0),
        "call": sum(n for c, n in callees.items() if c in defined),
        "ext": sum(n for c, n in callees.items() if c not in defined and not c.startswith("llvm.")),
        "mem": sum(n for c, n in callees.items() if c.startswith("llvm.mem")),
    }
    toks = [IN, *digits(sum(f.instructions for f in funcs))] + [f"{k}:{bucket(v)}" for k, v in features.items()]
    for op in _OPCODE_ORDER:
        if ops[op]:
            toks += [f"op:{op}", f"q:{bucket(ops[op])}"]
    return toks


def prompt_text(text: str) -> str:
    return " ".join([BOS, *module_tokens(text), SEP])


def completion_text(passes: list[str], count: int | None) -> str:
    tail = [CNT] + (digits(count) + [EOS] if count is not None else [])
    return " ".join([*passes, *tail])


def vocabulary() -> list[str]:
    """All tokens, in id order (specials first)."""
    feats = [f"{k}:{b}" for k in FEATURES + ("q",) for b in range(N_BUCKETS)]
    return SPECIALS + DIGITS + feats + [f"op:{op}" for op in _OPCODE_ORDER] + list(VOCABULARY)


def tokenizer_json() -> str:
    """A Hugging Face `tokenizers` WordLevel tokenizer (whitespace split) for this vocabulary."""
    vocab = {tok: i for i, tok in enumerate(vocabulary())}
    spec = {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": vocab[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": False, "special": True} for t in (PAD, BOS, EOS, UNK)],
        "normalizer": None,
        "pre_tokenizer": {"type": "WhitespaceSplit"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordLevel", "vocab": vocab, "unk_token": UNK},
    }
    return json.dumps(spec)
