"""Random call inputs for generated idiomatic functions: words, sentences, lists with duplicates, nested lists, dicts."""

from __future__ import annotations

import random
import string

from clairvoyant.execution.idiom_table import KEYS, WORDS
from clairvoyant.execution.progen_values import rand_str, rand_value


def _word(rng: random.Random) -> str:
    w = rng.choice(WORDS)
    case = rng.random()
    w = w.title() if case < 0.15 else w.upper() if case < 0.25 else w
    if case > 0.85:
        w = "".join(ch.upper() if rng.random() < 0.5 else ch for ch in w)
    return w + str(rng.randint(0, 99)) if rng.random() < 0.12 else w


def _text(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.3:
        return rand_str(rng)
    if kind < 0.55:
        return _word(rng)
    if kind < 0.85:
        sep = rng.choice([" ", " ", " ", ", ", "-", "\n", "  "])
        return sep.join(_word(rng) for _ in range(rng.randint(2, 5))) + rng.choice(
            ["", "", ".", "!", "?", " "]
        )
    if kind < 0.9:
        return ""
    return "".join(
        rng.choice(string.ascii_letters[:8] + string.digits[:4] + "  ") for _ in range(rng.randint(1, 10))
    )


def value(rng: random.Random, typ: str):
    """A random input value of type `typ`: words, sentences, lists with duplicates, nested lists, dicts."""
    if typ == "str":
        return _text(rng)
    if typ == "int":
        return rng.choice(
            [rng.randint(0, 6), rng.randint(0, 12), rng.randint(-5, 20), rng.randint(-100, 100)]
        )
    if typ == "list_str":
        pool = [_word(rng) if rng.random() < 0.8 else rand_str(rng, 0, 5) for _ in range(rng.randint(1, 5))]
        return [rng.choice(pool) for _ in range(rng.randint(0, 6))]
    if typ == "dict":
        keys = rng.sample(KEYS + WORDS[:8], rng.randint(0, 5))
        return {k: rng.randint(-5, 20) for k in keys}
    if typ == "nested":
        return [[rng.randint(-3, 9) for _ in range(rng.randint(0, 4))] for _ in range(rng.randint(0, 4))]
    if typ == "tuple":
        return tuple(rand_value(rng, "list_int"))
    if typ == "mixed":
        return [rng.randint(-5, 20) if rng.random() < 0.5 else _word(rng) for _ in range(rng.randint(0, 6))]
    return rand_value(rng, typ)
