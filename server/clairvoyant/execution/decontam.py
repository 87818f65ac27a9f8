"""Decontamination: detect training functions that are near-duplicates of evaluation functions.

Code is normalised (comments and docstrings dropped, identifiers renamed to positional placeholders, string and
number literals kept) and compared by Jaccard similarity of token 5-grams through an inverted index.
"""

from __future__ import annotations

import io
import keyword
import tokenize
from collections import Counter

NGRAM = 5


def normalize(code: str) -> list[str]:
    """Token list with identifiers renamed in order of first appearance (builtins/keywords kept)."""
    names: dict[str, str] = {}
    out = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(code).readline):
            if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                continue
            if tok.type == tokenize.NAME and not keyword.iskeyword(tok.string) and tok.string not in __builtins__:
                out.append(names.setdefault(tok.string, f"v{len(names)}"))
            elif tok.string:
                out.append(tok.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        out = code.split()
    return out


def shingles(code: str) -> set[tuple[str, ...]]:
    toks = normalize(code)
    return {tuple(toks[i : i + NGRAM]) for i in range(max(1, len(toks) - NGRAM + 1))}


class ContaminationIndex:
    """Index of evaluation functions; `max_similarity(code)` is the best Jaccard score against any of them."""

    def __init__(self, eval_codes: list[str]):
        self.sets = [shingles(c) for c in eval_codes]
        self.index: dict[tuple[str, ...], list[int]] = {}
        for i, s in enumerate(self.sets):
            for g in s:
                self.index.setdefault(g, []).append(i)

    def max_similarity(self, code: str) -> float:
        mine = shingles(code)
        hits = Counter(i for g in mine for i in self.index.get(g, ()))
        best = 0.0
        for i, inter in hits.items():
            best = max(best, inter / (len(mine) + len(self.sets[i]) - inter))
        return best

    def is_contaminated(self, code: str, threshold: float = 0.5) -> bool:
        return self.max_similarity(code) >= threshold
