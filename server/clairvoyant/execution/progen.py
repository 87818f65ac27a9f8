"""Random generator of short typed Python puzzle functions `def f(...)` and inputs for them.

Programs are built from typed expression and statement templates over `str`, `int`, `bool`, `list[int]`,
`list[str]` and `dict[str, int]` (loops, conditionals, slicing, string methods, comprehensions, mutation),
so every generated program is well typed by construction; whether it runs without error on a given input is
decided by executing it (see `scripts/exec/make_data.py`).
"""

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


class ProgramGenerator:
    """Generates (source, param_types) pairs; `inputs()` draws argument tuples for them."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # ---------------------------------------------------------------- expressions
    def lit(self, typ: str) -> str:
        r = self.rng
        if typ == "str":
            return repr(r.choice(SMALL_STRS) if r.random() < 0.7 else rand_str(r, 1, 5))
        if typ == "int":
            return str(r.choice([0, 1, 1, 2, 2, 3, 4, 5, -1, 10, 7]))
        if typ == "bool":
            return r.choice(["True", "False"])
        if typ == "list_int":
            return repr([r.randint(0, 9) for _ in range(r.randint(0, 3))])
        if typ == "list_str":
            return repr([r.choice(SMALL_STRS) for _ in range(r.randint(0, 3))])
        return repr({r.choice("abcxy"): r.randint(0, 5) for _ in range(r.randint(0, 2))})

    def atom(self, typ: str, sc: Scope) -> str:
        names = sc.names(typ)
        if names and self.rng.random() < 0.9:
            return self.rng.choice(names)
        return self.lit(typ)

    def expr(self, typ: str, sc: Scope, depth: int = 0) -> str:
        if depth >= 2 or self.rng.random() < 0.3:
            return self.atom(typ, sc)
        options = getattr(self, f"_expr_{typ}")(sc, depth + 1)
        return self.rng.choice(options)() if options else self.atom(typ, sc)

    def _avail(self, sc: Scope, *types: str) -> bool:
        return all(sc.names(t) for t in types)

    def _expr_str(self, sc, d):
        e = lambda t: self.expr(t, sc, d)
        s = lambda: self.atom("str", sc)
        ops = [
            lambda: f"{s()}.{self.rng.choice(['upper', 'lower', 'strip', 'title', 'capitalize', 'swapcase', 'lstrip', 'rstrip', 'casefold'])}()",
            lambda: f"{s()}.replace({self.lit('str')}, {self.lit('str')})",
            lambda: f"{s()}[::-1]",
            lambda: f"{s()}[{self.lit('int')}:]",
            lambda: f"{s()}[:{e('int')}]",
            lambda: f"{s()}[{self.lit('int')}:{self.lit('int')}]",
            lambda: f"{s()}[::2]",
            lambda: f"{s()} + {e('str')}",
            lambda: f"{s()} * {self.rng.randint(0, 3)}",
            lambda: f"{self.lit('str')}.join({e('list_str')})",
            lambda: f"''.join({e('list_str')})",
            lambda: f"{s()}.{self.rng.choice(['center', 'ljust', 'rjust'])}({self.rng.randint(0, 12)}, {self.rng.choice(FILL_CHARS)})",
            lambda: f"{s()}.zfill({self.rng.randint(0, 8)})",
            lambda: f"{s()}.strip({self.lit('str')})",
            lambda: f"{s()}.removeprefix({self.lit('str')})",
            lambda: f"{s()}.removesuffix({self.lit('str')})",
            lambda: f"str({e('int')})",
            lambda: f"{s()}.partition({self.lit('str')})[{self.rng.randint(0, 2)}]",
            lambda: f"{s()}.rpartition({self.lit('str')})[{self.rng.randint(0, 2)}]",
            lambda: self._fstring(sc),
            lambda: f"{s()} if {self.cond(sc, d)} else {e('str')}",
            lambda: f"{s()}.expandtabs({self.rng.randint(1, 4)})",
            lambda: f"{s()}.upper() if {s()}.islower() else {s()}.lower()",
            lambda: f"{s()}.replace({self.lit('str')}, {self.lit('str')}, 1)",
            lambda: f"{s()}[{self.atom('int', sc)}]",
            lambda: f"{s()}[{self.atom('int', sc)}:{self.expr('int', sc, d)}]",
            lambda: f"{s()}.split({self.lit('str')})[{self.rng.choice(['0', '-1'])}]",
            lambda: f"' '.join(reversed({s()}.split()))",
            lambda: f"{s()}.join({e('list_str')})",
            lambda: f"''.join(sorted({s()}))",
            lambda: f"''.join(c for c in {s()} if c not in {self.lit('str')})",
            lambda: f"''.join(c.upper() if i % 2 == 0 else c for i, c in enumerate({s()}))",
            lambda: f"{s()}.title()",
        ]
        if sc.names("list_str"):
            ops.append(lambda: f"{self.atom('list_str', sc)}[{self.rng.choice(['0', '-1', '1'])}]")
        if sc.names("dict"):
            ops.append(lambda: f"''.join({self.atom('dict', sc)})")
        return ops

    def _fstring(self, sc: Scope) -> str:
        """f'{s}-{n}' over variable names only (quotes inside f-strings need Python 3.12)."""
        if not (sc.names("str") and sc.names("int")):
            return f"{self.atom('str', sc)} + str({self.atom('int', sc)})"
        sep = self.rng.choice(["-", ":", " ", ""])
        return f"f'{{{self.rng.choice(sc.names('str'))}}}{sep}{{{self.rng.choice(sc.names('int'))}}}'"

    def _expr_int(self, sc, d):
        e = lambda t: self.expr(t, sc, d)
        i = lambda: self.atom("int", sc)
        ops = [
            lambda: f"len({self.atom(self.rng.choice(['str', 'list_int', 'list_str', 'dict']), sc)})",
            lambda: f"{i()} {self.rng.choice(['+', '-', '*', '+', '-'])} {e('int')}",
            lambda: f"{i()} {self.rng.choice(['//', '%'])} {self.rng.randint(1, 5)}",
            lambda: f"{self.atom('str', sc)}.count({self.lit('str')})",
            lambda: f"{self.atom('str', sc)}.find({self.lit('str')})",
            lambda: f"{self.atom('str', sc)}.rfind({self.lit('str')})",
            lambda: f"abs({e('int')})",
            lambda: f"{self.rng.choice(['min', 'max'])}({i()}, {e('int')})",
            lambda: f"sum({self.atom('list_int', sc)})",
            lambda: f"int({self.cond(sc, d)})",
            lambda: f"{self.atom('list_int', sc)}.count({e('int')})",
            lambda: f"len({self.atom('str', sc)}.split())",
            lambda: f"{self.atom('str', sc)}.index({self.lit('str')})",
            lambda: f"{self.atom('str', sc)}.find({self.lit('str')}, {i()})",
            lambda: f"len(set({self.atom(self.rng.choice(['str', 'list_int']), sc)}))",
            lambda: f"sum(1 for c in {self.atom('str', sc)} if c.{self.rng.choice(['isupper', 'isdigit', 'isalpha', 'isspace'])}())",
        ]
        if sc.names("list_int"):
            ops += [
                lambda: f"{self.rng.choice(['min', 'max'])}({self.atom('list_int', sc)}, default={self.lit('int')})",
                lambda: f"{self.atom('list_int', sc)}[{self.rng.choice(['0', '-1', '1'])}]",
                lambda: f"{self.atom('list_int', sc)}.index({i()})",
                lambda: f"max({self.atom('list_int', sc)}) - min({self.atom('list_int', sc)})",
                lambda: f"{self.atom('list_int', sc)}.pop({self.rng.choice(['', '0', '-1'])})",
            ]
        if sc.names("dict"):
            ops.append(lambda: f"{self.atom('dict', sc)}.get({self.atom('str', sc)}, {self.lit('int')})")
            ops.append(lambda: f"sum({self.atom('dict', sc)}.values())")
        return ops

    def _expr_bool(self, sc, d):
        return [lambda: self.cond(sc, d)]

    def cond(self, sc: Scope, d: int = 1) -> str:
        s = lambda: self.atom("str", sc)
        i = lambda: self.atom("int", sc)
        ops = [
            lambda: f"{s()}.{self.rng.choice(['isdigit', 'isalpha', 'isupper', 'islower', 'isspace', 'isalnum', 'isdecimal', 'istitle', 'isnumeric'])}()",
            lambda: f"{s()}.{self.rng.choice(['startswith', 'endswith'])}({self.lit('str')})",
            lambda: f"{self.lit('str')} in {s()}",
            lambda: f"{i()} {self.rng.choice(['<', '>', '==', '!=', '<=', '>='])} {self.expr('int', sc, d + 1)}",
            lambda: f"{i()} % 2 == {self.rng.randint(0, 1)}",
            lambda: f"len({s()}) {self.rng.choice(['<', '>', '=='])} {self.rng.randint(0, 6)}",
            lambda: f"{self.atom('int', sc)} in {self.atom('list_int', sc)}",
            lambda: f"not {s()}",
        ]
        if sc.names("dict"):
            ops.append(lambda: f"{s()} in {self.atom('dict', sc)}")
        if sc.names("list_str"):
            ops.append(lambda: f"{s()} in {self.atom('list_str', sc)}")
        if sc.names("bool"):
            ops.append(lambda: self.rng.choice(sc.names("bool")))
        c = self.rng.choice(ops)()
        if d < 2 and self.rng.random() < 0.15:
            c = f"{c} {self.rng.choice(['and', 'or'])} {self.cond(sc, d + 1)}"
        return c

    def _expr_list_int(self, sc, d):
        l = lambda: self.atom("list_int", sc)
        v = self.rng.choice(["x", "n", "num", "v"])
        ops = [
            lambda: f"sorted({l()})",
            lambda: f"sorted({l()}, reverse=True)",
            lambda: f"{l()}[::-1]",
            lambda: f"{l()}[{self.lit('int')}:]",
            lambda: f"{l()}[:{self.lit('int')}]",
            lambda: f"[{v} {self.rng.choice(['*', '+', '-', '%', '//'])} {self.rng.randint(1, 4)} for {v} in {l()}]",
            lambda: f"[{v} for {v} in {l()} if {v} {self.rng.choice(['>', '<', '%', '!='])} {self.rng.randint(0, 4)}]",
            lambda: f"{l()} + {self.expr('list_int', sc, d + 1)}",
            lambda: f"list(range({self.atom('int', sc)}))",
            lambda: f"list(range({self.lit('int')}, {self.atom('int', sc)}))",
            lambda: f"[len(w) for w in {self.atom('list_str', sc)}]",
            lambda: f"[ord(c) for c in {self.atom('str', sc)}]" if self.rng.random() < 0.3 else f"[int(c) for c in {self.atom('str', sc)} if c.isdigit()]",
            lambda: f"list(set({l()}))",
            lambda: f"[{self.atom('str', sc)}.count(c) for c in {self.atom('str', sc)}]",
            lambda: f"[{v} for {v} in {l()} if {l()}.count({v}) == 1]",
            lambda: f"{l()}[{self.atom('int', sc)}:{self.expr('int', sc, d + 1)}]",
            lambda: f"{l()} * {self.rng.randint(0, 3)}",
            lambda: f"sorted({l()}, key=abs)",
            lambda: f"[i for i, {v} in enumerate({l()}) if {v} {self.rng.choice(['>', '<', '=='])} {self.lit('int')}]",
            lambda: f"[{v} for {v} in {l()}[::-1] if {v} not in {l()}[:1]]",
        ]
        if sc.names("dict"):
            ops.append(lambda: f"list({self.atom('dict', sc)}.values())")
            ops.append(lambda: f"sorted({self.atom('dict', sc)}.values())")
        return ops

    def _expr_list_str(self, sc, d):
        s = lambda: self.atom("str", sc)
        ops = [
            lambda: f"{s()}.split()",
            lambda: f"{s()}.split({self.lit('str')})",
            lambda: f"{s()}.rsplit({self.lit('str')}, {self.rng.randint(1, 2)})",
            lambda: f"list({s()})",
            lambda: f"sorted({self.atom('list_str', sc)})",
            lambda: f"sorted({s()})",
            lambda: f"[c for c in {s()} if c.{self.rng.choice(['isalpha', 'isdigit', 'isupper', 'islower', 'isalnum'])}()]",
            lambda: f"[w.{self.rng.choice(['upper', 'lower', 'strip', 'capitalize', 'title'])}() for w in {self.atom('list_str', sc)}]",
            lambda: f"[w[::-1] for w in {self.atom('list_str', sc)}]",
            lambda: f"[w for w in {self.atom('list_str', sc)} if {self.lit('str')} in w]",
            lambda: f"{self.atom('list_str', sc)}[::-1]",
            lambda: f"{self.atom('list_str', sc)}[{self.lit('int')}:]",
            lambda: f"{s()}.splitlines()",
            lambda: f"[str(x) for x in {self.atom('list_int', sc)}]",
            lambda: f"sorted({self.atom('list_str', sc)}, key=len)",
            lambda: f"{s()}.split({self.lit('str')}, {self.rng.randint(1, 2)})",
            lambda: f"[{s()}[i:i + {self.rng.randint(2, 3)}] for i in range(0, len({s()}), {self.rng.randint(2, 3)})]",
            lambda: f"sorted(set({self.atom('list_str', sc)}))",
            lambda: f"[w for w in {self.atom('list_str', sc)} if w.{self.rng.choice(['isalpha', 'isdigit', 'islower', 'istitle'])}()]",
            lambda: f"[w + {self.lit('str')} for w in {self.atom('list_str', sc)}]",
        ]
        if sc.names("dict"):
            ops.append(lambda: f"list({self.atom('dict', sc)})")
            ops.append(lambda: f"sorted({self.atom('dict', sc)})")
        return ops

    def _expr_dict(self, sc, d):
        ops = [
            lambda: f"dict.fromkeys({self.atom('list_str', sc)}, {self.lit('int')})",
            lambda: f"{{c: {self.atom('str', sc)}.count(c) for c in {self.atom('str', sc)}}}",
            lambda: f"{{w: len(w) for w in {self.atom('list_str', sc)}}}",
            lambda: f"dict(zip({self.atom('list_str', sc)}, {self.atom('list_int', sc)}))",
            lambda: f"{{k: v for k, v in {self.atom('dict', sc)}.items() if v {self.rng.choice(['>', '<', '!='])} {self.lit('int')}}}",
            lambda: f"{{k: v {self.rng.choice(['*', '+', '-'])} {self.rng.randint(1, 3)} for k, v in {self.atom('dict', sc)}.items()}}",
            lambda: f"dict(sorted({self.atom('dict', sc)}.items()))",
            lambda: f"{self.atom('dict', sc)}.copy()",
            lambda: f"{{str(i): x for i, x in enumerate({self.atom('list_int', sc)})}}",
            lambda: f"dict(sorted({self.atom('dict', sc)}.items(), key=lambda kv: kv[1]))",
            lambda: f"{{k: v for k, v in {self.atom('dict', sc)}.items() if k {self.rng.choice(['in', 'not in'])} {self.atom('str', sc)}}}",
            lambda: f"{{w: {self.atom('list_str', sc)}.count(w) for w in {self.atom('list_str', sc)}}}",
        ]
        return ops

    # ---------------------------------------------------------------- statements
    def new_name(self, typ: str, sc: Scope) -> str:
        taken = {n for t in TYPES for n in sc.names(t)}
        free = [n for n in LOCAL_NAMES[typ] if n not in taken]
        return self.rng.choice(free) if free else self.rng.choice(LOCAL_NAMES[typ]) + "2"

    def stmt(self, sc: Scope, ind: str, budget: int) -> list[str]:
        r = self.rng
        choice = r.random()
        if budget > 1 and sc.loop_depth < 2 and choice < 0.28:
            return self.loop(sc, ind, budget)
        if budget > 1 and sc.loop_depth < 2 and choice < 0.34:
            return self.while_loop(sc, ind, budget)
        if budget > 1 and choice < 0.46:
            return self.if_stmt(sc, ind, budget)
        if choice < 0.55:
            return self.mutate(sc, ind)
        typ = r.choice(["str", "int", "int", "list_int", "list_str", "dict", "str", "bool"])
        present = [t for t in TYPES if sc.names(t) and t != "bool"]
        if present and r.random() < 0.7:
            typ = r.choice(present)
        existing = sc.names(typ)
        if existing and r.random() < 0.35:
            name = r.choice(existing)
            if typ in ("str", "int", "list_int", "list_str") and r.random() < 0.5:
                rhs = {"str": "str", "int": "int", "list_int": "list_int", "list_str": "list_str"}[typ]
                val = self.expr(rhs, sc) if typ != "list_int" else f"[{self.expr('int', sc)}]"
                if typ == "list_str":
                    val = f"[{self.expr('str', sc)}]"
                return [f"{ind}{name} {r.choice(['+=', '+=', '-=', '*=']) if typ == 'int' else '+='} {val}"]
            return [f"{ind}{name} = {self.expr(typ, sc)}"]
        value = self.expr(typ, sc)
        name = self.new_name(typ, sc)
        sc.add(typ, name)
        return [f"{ind}{name} = {value}"]

    def mutate(self, sc: Scope, ind: str) -> list[str]:
        r = self.rng
        ops = []
        for name in sc.names("list_int"):
            ops += [
                f"{name}.append({self.expr('int', sc)})",
                f"{name}.insert({self.lit('int')}, {self.expr('int', sc)})",
                f"{name}.{r.choice(['sort', 'reverse'])}()",
                f"{name}.extend({self.expr('list_int', sc)})",
                f"{name}.pop()" if r.random() < 0.5 else f"{name}.remove({self.atom('int', sc)})",
                f"{name}[{r.choice(['0', '-1'])}] = {self.expr('int', sc)}",
                f"del {name}[{r.choice(['0', '-1', ':1', '::2'])}]",
            ]
        for name in sc.names("list_str"):
            ops += [
                f"{name}.append({self.expr('str', sc)})",
                f"{name}.insert({self.lit('int')}, {self.expr('str', sc)})",
                f"{name}.{r.choice(['sort', 'reverse'])}()",
                f"{name}.pop({r.choice(['', '0'])})",
            ]
        for name in sc.names("dict"):
            ops += [
                f"{name}[{self.expr('str', sc)}] = {self.expr('int', sc)}",
                f"{name}.pop({self.atom('str', sc)}, None)",
                f"{name}.setdefault({self.expr('str', sc)}, {self.lit('int')})",
                f"{name}.update({self.expr('dict', sc)})",
                f"{name}[{self.atom('str', sc)}] = {name}.get({self.atom('str', sc)}, 0) + 1",
            ]
        if not ops:
            typ = "list_int" if r.random() < 0.5 else "list_str"
            name = self.new_name(typ, sc)
            sc.add(typ, name)
            return [f"{ind}{name} = []"]
        return [f"{ind}{r.choice(ops)}"]

    def block(self, sc: Scope, ind: str, budget: int) -> list[str]:
        lines: list[str] = []
        for _ in range(max(1, self.rng.randint(1, min(3, budget)))):
            lines += self.stmt(sc, ind, max(1, budget - 1))
        return lines

    def loop(self, sc: Scope, ind: str, budget: int) -> list[str]:
        r = self.rng
        inner = sc.copy()
        inner.loop_depth += 1
        kind = r.random()
        if kind < 0.3 and sc.names("str"):
            var = r.choice(["c", "ch", "char", "letter"])
            head = f"for {var} in {r.choice(sc.names('str'))}:"
            inner.add("str", var)
        elif kind < 0.5 and sc.names("list_int"):
            var = r.choice(["n", "x", "num", "item", "v"])
            head = f"for {var} in {r.choice(sc.names('list_int'))}:"
            inner.add("int", var)
        elif kind < 0.6 and sc.names("list_str"):
            var = r.choice(["w", "word", "s", "item"])
            head = f"for {var} in {r.choice(sc.names('list_str'))}:"
            inner.add("str", var)
        elif kind < 0.7 and sc.names("dict"):
            head = f"for key, val in {r.choice(sc.names('dict'))}.items():"
            inner.add("str", "key")
            inner.add("int", "val")
        elif kind < 0.8:
            var = r.choice(["i", "j", "k"])
            seq = r.choice(sc.names("str") + sc.names("list_int") + sc.names("list_str") or ["'abc'"])
            head = f"for {var} in range(len({seq})):"
            inner.add("int", var)
            if r.random() < 0.6:
                item = r.choice(["cur", "elem", "e"])
                typ = "str" if seq in sc.names("str") or seq in sc.names("list_str") else "int"
                body_first = [f"{ind}    {item} = {seq}[{var}]"]
                inner.add(typ, item)
                return [f"{ind}{head}"] + body_first + self.block(inner, ind + "    ", budget - 1)
        elif kind < 0.9 and sc.names("list_int") + sc.names("list_str"):
            seq = r.choice(sc.names("list_int") + sc.names("list_str"))
            typ = "int" if seq in sc.names("list_int") else "str"
            head = f"for idx, elem in enumerate({seq}):"
            inner.add("int", "idx")
            inner.add(typ, "elem")
        else:
            var = r.choice(["i", "j", "k"])
            head = f"for {var} in range({r.choice([self.lit('int'), self.atom('int', sc), str(r.randint(1, 6))])}):"
            inner.add("int", var)
        body = self.block(inner, ind + "    ", budget - 1)
        if r.random() < 0.12:
            body.append(f"{ind}    if {self.cond(inner)}:")
            body.append(f"{ind}        {r.choice(['break', 'continue'])}")
        self._merge(sc, inner)
        return [f"{ind}{head}"] + body

    def while_loop(self, sc: Scope, ind: str, budget: int) -> list[str]:
        """Index-driven and condition-driven `while` loops (bounded: the tracer's timeout drops runaways)."""
        r = self.rng
        kind = r.random()
        strs, lists = sc.names("str"), sc.names("list_int") + sc.names("list_str")
        if kind < 0.45 and (strs or lists):
            seq = r.choice(strs + lists)
            var = self.new_name("int", sc)
            sc.add("int", var)
            inner = sc.copy()
            inner.loop_depth += 1
            item_typ = "int" if seq in sc.names("list_int") else "str"
            item = r.choice(["cur", "elem", "e"])
            inner.add(item_typ, item)
            body = [f"{ind}    {item} = {seq}[{var}]"] + self.block(inner, ind + "    ", budget - 1)
            self._merge(sc, inner)
            return [f"{ind}{var} = 0", f"{ind}while {var} < len({seq}):", *body,
                    f"{ind}    {var} += {r.choice([1, 1, 1, 2])}"]  # fmt: skip
        if kind < 0.7 and strs:
            s = r.choice(strs)
            lit = self.lit("str")
            if r.random() < 0.5:
                return [f"{ind}while {s} and {s}[{r.choice(['0', '-1'])}] in {lit}:",
                        f"{ind}    {s} = {s}[{r.choice(['1:', ':-1'])}]"]  # fmt: skip
            new = r.choice(["''", "'_'", "' '"])
            return [f"{ind}while {lit} in {s}:", f"{ind}    {s} = {s}.replace({lit}, {new}, 1)"]
        if lists:
            lst = r.choice(lists)
            return [f"{ind}while len({lst}) > {r.randint(0, 4)}:", f"{ind}    {lst}.pop({r.choice(['', '0'])})"]
        return self.if_stmt(sc, ind, budget)

    def if_stmt(self, sc: Scope, ind: str, budget: int) -> list[str]:
        r = self.rng
        lines = [f"{ind}if {self.cond(sc)}:"]
        inner = sc.copy()
        lines += self.block(inner, ind + "    ", budget - 1)
        if r.random() < 0.2:
            other = sc.copy()
            lines.append(f"{ind}elif {self.cond(sc)}:")
            lines += self.block(other, ind + "    ", budget - 1)
        if r.random() < 0.5:
            other = sc.copy()
            lines.append(f"{ind}else:")
            lines += self.block(other, ind + "    ", budget - 1)
        if r.random() < 0.15 and sc.loop_depth == 0:
            lines.insert(1 + 0, f"{ind}    return {self.expr(r.choice(['str', 'int', 'list_int']), sc)}")
        return lines

    @staticmethod
    def _merge(sc: Scope, inner: Scope) -> None:
        """Names assigned before the loop stay visible; loop-local names are dropped (they may be unbound)."""
        for t in TYPES:
            sc.vars[t] = [n for n in sc.vars[t] if n in inner.vars[t]]

    # ---------------------------------------------------------------- whole programs
    def program(self) -> tuple[str, list[str]]:
        """A random `def f(...)` and its parameter types."""
        r = self.rng
        n_params = r.choice([1, 1, 1, 2, 2, 2, 3])
        weights = {"str": 5, "int": 2, "list_int": 3, "list_str": 1.5, "dict": 1.2, "bool": 0.2}
        types = r.choices(list(weights), weights=list(weights.values()), k=n_params)
        if all(t in ("int", "bool") for t in types) and r.random() < 0.7:
            types[0] = r.choice(["str", "list_int"])
        sc = Scope()
        names = []
        for t in types:
            options = [n for n in PARAM_NAMES[t] if n not in names]
            names.append(r.choice(options))
            sc.add(t, names[-1])
        body: list[str] = []
        for _ in range(r.randint(1, 6)):
            body += self.stmt(sc, "    ", r.randint(1, 3))
        ret_type = r.choice([t for t in TYPES if sc.names(t)] or ["str"])
        local = [n for n in sc.names(ret_type) if n not in names]
        if local and r.random() < 0.7:
            ret = r.choice(local)
        elif r.random() < 0.25:
            ret = f"{self.atom(ret_type, sc)}, {self.expr(r.choice(['int', 'str']), sc)}"
        else:
            ret = self.expr(ret_type, sc)
        body.append(f"    return {ret}")
        return f"def f({', '.join(names)}):\n" + "\n".join(body), types

    def inputs(self, types: list[str]) -> str:
        """A call argument list (source text) for parameters of `types`."""
        return ", ".join(repr(rand_value(self.rng, t)) for t in types)

