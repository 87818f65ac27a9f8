"""Typed random expressions for the puzzle-program generator (`progen`): each `_expr_<type>` lists templates that
produce a value of that type from the variables in scope."""

from __future__ import annotations

import random

from clairvoyant.execution.progen_values import FILL_CHARS, SMALL_STRS, Scope, rand_str


class ExpressionGenerator:
    """Random well-typed expressions over the variables of a `Scope`."""

    def __init__(self, rng: random.Random):
        self.rng = rng

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
