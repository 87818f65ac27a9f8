"""Prompt formats of the exec-predictor model (shared by training and inference; documented in the model card).

direct:      <bos>{code}\\n<call>{call}<ret>            -> {repr of the value}<eos>
scratchpad:  <bos>{code}\\n<call>{call}<trace>{state}<next> -> {next state}<eos>
             state = "" before the first step; a state is `L{line} | name=repr | ...` (dynamic scratchpad,
             one self-contained state per step); the final "state" is `return {repr}`.
"""

from __future__ import annotations

SPECIAL_TOKENS = ["<pad>", "<bos>", "<eos>", "<unk>", "<call>", "<ret>", "<trace>", "<next>"]
RETURN_PREFIX = "return "


def direct_prompt(code: str, call: str) -> str:
    return f"<bos>{code.rstrip()}\n<call>{call}<ret>"


def step_prompt(code: str, call: str, state: str) -> str:
    return f"<bos>{code.rstrip()}\n<call>{call}<trace>{state}<next>"
