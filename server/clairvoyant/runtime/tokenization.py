"""How text becomes token ids: plain byte-level BPE, or BPE with legible literals.

"legible" keeps values readable to a small model: every character of a quoted string literal (quotes included)
and every digit is its own byte token, while the code around them stays BPE-merged. Copying, reversing or
changing the case of ``'taole'`` is then a per-character operation instead of a lookup between unrelated merged
pieces. The vocabulary is the same byte-level BPE, so a model trained with one policy can warm-start the other.
A model's manifest says which policy it was trained with (``"tokenization"``, default ``"bpe"``).
"""

from __future__ import annotations

import re
from functools import lru_cache

from tokenizers import Tokenizer

POLICIES = ("bpe", "legible")

# a one-line quoted string (escapes allowed) or a single digit
_LEGIBLE = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\d""")


@lru_cache(maxsize=1)
def _byte_chars() -> list[str]:
    """The printable character byte-level BPE uses for each byte value (GPT-2's table)."""
    printable = [*range(ord("!"), ord("~") + 1), *range(ord("¡"), ord("¬") + 1), *range(ord("®"), ord("ÿ") + 1)]
    table, extra = {}, 0
    for b in range(256):
        if b in printable:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + extra)
            extra += 1
    return [table[b] for b in range(256)]


class TextEncoder:
    """Encodes text for one tokenizer under one policy; ``encode(text)`` -> ids (special tokens recognised)."""

    def __init__(self, tokenizer: Tokenizer, policy: str = "bpe"):
        if policy not in POLICIES:
            raise ValueError(f"unknown tokenization policy {policy!r} (known: {', '.join(POLICIES)})")
        self.tokenizer = tokenizer
        self.policy = policy
        # token id of each single byte (byte-level BPE always has all 256)
        self.byte_ids = [tokenizer.token_to_id(ch) for ch in _byte_chars()] if policy == "legible" else []
        if None in self.byte_ids:
            raise ValueError("legible tokenization needs a byte-level BPE tokenizer with all 256 byte tokens")

    def _bpe(self, text: str) -> list[int]:
        return self.tokenizer.encode(text, add_special_tokens=False).ids if text else []

    def encode(self, text: str) -> list[int]:
        if self.policy == "bpe":
            return self._bpe(text)
        byte_ids, ids, pos = self.byte_ids, [], 0
        for match in _LEGIBLE.finditer(text):
            ids += self._bpe(text[pos : match.start()])
            ids += [byte_ids[b] for b in match.group().encode("utf-8")]
            pos = match.end()
        return ids + self._bpe(text[pos:])
