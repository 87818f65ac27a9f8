"""Vocabulary of the puzzle-program generator: the types, names and random values programs are built from."""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

TYPES = ("str", "int", "bool", "list_int", "list_str", "dict")
PARAM_NAMES = {
    "str": ["text", "s", "string", "word", "line", "name", "sentence", "st", "value", "a"],
    "int": ["n", "k", "num", "count", "x", "size", "step", "width", "index", "m"],
    "list_int": ["nums", "arr", "array", "lst", "numbers", "items", "values", "data", "l", "xs"],
    "list_str": ["words", "strings", "names", "parts", "tokens", "letters", "items", "lines"],
    "dict": ["d", "dic", "mapping", "counts", "table", "dct", "inventory", "scores"],
    "bool": ["flag", "reverse", "strict"],
}
LOCAL_NAMES = {
    "str": ["result", "res", "out", "new_text", "s2", "t", "temp", "acc", "prefix", "suffix", "ans"],
    "int": ["total", "count", "i", "j", "c", "acc", "idx", "length", "ans", "cnt", "pos", "m"],
    "list_int": ["output", "result", "res", "new_nums", "evens", "out", "stack", "seen", "a"],
    "list_str": ["result", "parts", "chars", "words", "out", "ls", "new_list", "tokens"],
    "dict": ["result", "counts", "d2", "freq", "new_dict", "table", "memo"],
    "bool": ["ok", "found", "flag", "is_valid"],
}
CHARS = string.ascii_lowercase * 3 + string.ascii_uppercase + string.digits + "  ,.-_!?#@"
FILL_CHARS = ["'*'", "'-'", "' '", "'0'", "'#'", "'x'", "'.'"]
SMALL_STRS = ["a", "b", "x", "e", " ", "-", ",", ".", "ab", "o", "#", "z", "1", "hi", "an", "!", "0", "th"]


def rand_str(rng: random.Random, lo: int = 0, hi: int = 14) -> str:
    kind = rng.random()
    n = rng.randint(lo, hi)
    if kind < 0.15:
        words = ["hello", "world", "the", "cat", "abc", "python", "foo", "bar", "xyz", "data", "a", "is"]
        return " ".join(rng.choice(words) for _ in range(rng.randint(1, 4)))
    if kind < 0.22:
        words = ["Hello", "World", "Python", "Code", "is", "fun", "and", "a", "Test", "OK", "to", "go", "new", "99"]
        sentence = rng.choice([" ", "  ", "-", ", "]).join(rng.choice(words) for _ in range(rng.randint(1, 5)))
        return sentence + rng.choice(["", "", ".", "!", "?", " "])
    if kind < 0.25:
        return "".join(rng.choice(string.digits) for _ in range(n))
    if kind < 0.35:
        return "".join(rng.choice("abcab") for _ in range(n))
    return "".join(rng.choice(CHARS) for _ in range(n))


def rand_value(rng: random.Random, typ: str):
    """A random input value of type `typ`."""
    if typ == "str":
        return rand_str(rng)
    if typ == "int":
        return rng.choice([rng.randint(-5, 12), rng.randint(0, 5), rng.randint(-100, 100)])
    if typ == "bool":
        return rng.random() < 0.5
    if typ == "list_int":
        hi = rng.choice([5, 10, 100])
        pool = [rng.randint(-hi // 3, hi) for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.3:  # repeated values, as in counting and dedup puzzles
            return [rng.choice(pool) for _ in range(rng.randint(0, 9))]
        return [rng.randint(-hi // 3, hi) for _ in range(rng.randint(0, 8))]
    if typ == "list_str":
        return [rand_str(rng, 0, 6) for _ in range(rng.randint(0, 6))]
    if typ == "dict":
        keys = rng.sample(["a", "b", "c", "x", "y", "key", "k1", "k2", "z", "1", "foo"], rng.randint(0, 5))
        return {k: rng.randint(-5, 20) for k in keys}
    raise ValueError(typ)


@dataclass
class Scope:
    """Variables visible at a program point, by type."""

    vars: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in TYPES})
    loop_depth: int = 0

    def names(self, typ: str) -> list[str]:
        return self.vars[typ]

    def add(self, typ: str, name: str) -> None:
        for t in TYPES:
            if name in self.vars[t] and t != typ:
                self.vars[t].remove(name)
        if name not in self.vars[typ]:
            self.vars[typ].append(name)

    def copy(self) -> Scope:
        return Scope({t: list(v) for t, v in self.vars.items()}, self.loop_depth)
