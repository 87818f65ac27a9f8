"""Generator of short idiomatic Python functions built around the public methods of the builtin types.

Each row of `TABLE` names a method (`str.count`), builtin (`sorted`) or construct (`_slice`), the type of the
value its snippets produce (`-` for statements, `a,b` for tuple unpacking) and snippet templates with typed
holes: `$s` str, `$n` int, `$l` list[int], `$ws` list[str], `$nl` list[list[int]], `$d` dict[str, int], `$st`
set[int], `$t` tuple[int], `$mx` mixed list (variables; a trailing 2 means "another one, or a literal"), and
literals `$c`/`$ch` (substring/char), `$k` (0-4), `$p` (2-4), `$w` (width), `$fill`, `$key`.
`IdiomGenerator.program()` composes snippets into `def f(...)`: assignments, mutations, for/while loops with
accumulators, if/else, try/except and a return that is often composite. Methods are drawn uniformly and
missing operands are created first, so every listed method is exercised. Same interface as `progen`.
"""

from __future__ import annotations

import random
import re

from clairvoyant.execution.idiom_table import (
    ACC_FOR,
    CHARS_1,
    CONSTRUCTS,
    EMPTY,
    FILLS,
    KEYS,
    LOOPS,
    MUTATING,
    RISKY,
    SUBS,
    TABLE,
    WORDS,
)  # fmt: skip
from clairvoyant.execution.idiomgen_inputs import value
from clairvoyant.execution.progen_values import LOCAL_NAMES, PARAM_NAMES

HOLE_TYPES = {"s": "str", "s2": "str", "n": "int", "n2": "int", "l": "list_int", "l2": "list_int",
              "ws": "list_str", "nl": "nested", "d": "dict", "d2": "dict", "st": "set", "st2": "set",
              "t": "tuple", "mx": "mixed"}  # fmt: skip
OPTIONAL = {"s2", "n", "n2", "l2", "d2", "st2"}  # a literal fits when no variable does
HOLE = re.compile(r"\$(fill|key|ch2|ch|c2|c|ws|st2|st|nl|mx|s2|s|n2|n|l2|l|d2|d|t|k|p|w)")
ROWS = [(name, out, tpl.replace(";;", "\n"))
        for name, out, rest in (line.split(None, 2) for line in TABLE.strip().splitlines())
        for tpl in rest.split(" | ")]  # fmt: skip
HOLESET = {tpl: {HOLE_TYPES[h] for h in HOLE.findall(tpl) if h in HOLE_TYPES} for _, _, tpl in ROWS}
REQUIRES = {tpl: {HOLE_TYPES[h] for h in HOLE.findall(tpl) if h in HOLE_TYPES and h not in OPTIONAL}
            for _, _, tpl in ROWS}  # fmt: skip
METHODS = sorted({name for name, _, _ in ROWS if not name.startswith("_")})
COMP_VARS = {"ch", "w", "x", "i", "k", "v", "a", "b", "row", "kv", "l", "s", "t", "c"}
NAMES = {**LOCAL_NAMES, "nested": ["rows", "grid", "chunks", "groups", "pairs"], "mixed": ["vals"],
         "set": ["seen", "unique", "common", "uniq", "pool"], "tuple": ["tup", "coords", "key_tuple"],
         "any": ["info", "res_items", "pair", "ratio", "summary"]}  # fmt: skip
PARAMS = {**PARAM_NAMES, "nested": ["matrix", "grid", "lists", "rows"], "tuple": ["tup", "t", "values"],
          "mixed": ["items", "data", "elements", "arr"]}  # fmt: skip
NAMES, PARAMS = (
    {t: [n for n in pool if n not in COMP_VARS] for t, pool in d.items()} for d in (NAMES, PARAMS)
)
PARAM_WEIGHTS = {"str": 5, "list_int": 3, "list_str": 2, "dict": 1.6, "int": 2, "nested": 0.6, "tuple": 0.3,
                 "mixed": 0.4, "bool": 0.2}  # fmt: skip


class _Scope:
    """Variables by type, loop variables (`focus`, preferred as operands) and iterated names (`busy`)."""

    def __init__(self, other: _Scope | None = None):
        self.vars = {t: list(v) for t, v in other.vars.items()} if other else {t: [] for t in NAMES}
        self.focus = dict(other.focus) if other else {}
        self.busy = set(other.busy) if other else set()
        self.order = list(other.order) if other else []
        self.params = other.params if other else []

    def add(self, typ: str, name: str) -> None:
        for names in self.vars.values():
            if name in names:
                names.remove(name)
        self.vars[typ].append(name)
        self.order = [n for n in self.order if n != name] + [name]

    def taken(self) -> set[str]:
        return {n for names in self.vars.values() for n in names} | set(self.order)


class IdiomGenerator:
    """Generates (source, param_types) pairs; `inputs()` draws argument lists for them."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    # ---------------------------------------------------------------- operands
    def literal(self, typ: str) -> str:
        r = self.rng
        values = {"str": lambda: r.choice(SUBS), "int": lambda: r.choice([0, 1, 2, 3, 5, 10, -1]),
                  "list_int": lambda: [r.randint(0, 9) for _ in range(r.randint(1, 4))],
                  "list_str": lambda: r.sample(WORDS, 2), "dict": lambda: {k: r.randint(0, 9) for k in r.sample(KEYS, 2)},
                  "set": lambda: set(r.sample(range(10), 3)), "nested": lambda: [[1, 2], [r.randint(0, 9)]],
                  "tuple": lambda: (r.randint(0, 5), r.randint(0, 5)), "mixed": lambda: [1, r.choice(WORDS), 2],
                  "bool": lambda: r.random() < 0.5}  # fmt: skip
        return repr(values[typ]())

    def _var(self, hole: str, sc: _Scope, memo: dict, mutating: bool) -> str:
        typ = HOLE_TYPES[hole]
        names = [n for n in sc.vars[typ] if not (mutating and n in sc.busy) and n != memo.get(hole[:-1] if hole[-1] == "2" else "")]  # fmt: skip
        focus = sc.focus.get(typ)
        if focus in names and self.rng.random() < 0.75:
            return focus
        if names and (hole not in OPTIONAL or self.rng.random() < 0.75):
            recent = max(names, key=sc.order.index) if hole[-1] != "2" else None
            return recent if recent and self.rng.random() < 0.5 else self.rng.choice(names)
        return self.literal(typ)

    def _hole(self, hole: str, sc: _Scope, memo: dict, mutating: bool) -> str:
        r = self.rng
        if hole in HOLE_TYPES:
            return self._var(hole, sc, memo, mutating)
        if hole == "key":
            return (
                self._var("s", sc, memo, False)
                if sc.vars["str"] and r.random() < 0.4
                else repr(r.choice(KEYS))
            )
        simple = {"c": lambda: repr(r.choice(SUBS)), "c2": lambda: repr(r.choice(SUBS + ["", "_"])),
                  "ch": lambda: repr(r.choice(CHARS_1)), "ch2": lambda: repr(r.choice(CHARS_1)),
                  "k": lambda: str(r.randint(0, 4)), "p": lambda: str(r.randint(2, 4)),
                  "w": lambda: str(r.randint(4, 12)), "fill": lambda: r.choice(FILLS)}  # fmt: skip
        return simple[hole]()

    def fill(self, tpl: str, sc: _Scope, mutating: bool = False, memo: dict | None = None) -> str:
        """`tpl` with its holes filled from `sc` (loop variables preferred); equal holes get equal values."""
        memo = {} if memo is None else memo

        def sub(m: re.Match) -> str:
            if m.group(1) not in memo:
                memo[m.group(1)] = self._hole(m.group(1), sc, memo, mutating)
            v = memo[m.group(1)]
            return f"({v})" if tpl[m.end() : m.end() + 1] == "." and v.lstrip("-").isdigit() else v

        return HOLE.sub(sub, tpl)

    def pick(
        self, sc: _Scope, outs, pre: list[str] | None = None, ind: str = "", only=None
    ) -> tuple[str, str, str]:
        """A row producing one of `outs`, methods drawn uniformly; with `pre`, missing operands are created."""
        rows = [row for row in ROWS if row[1] in outs and (only is None or row[0] in only)
                and (pre is not None or all(sc.vars[t] for t in REQUIRES[row[2]]))]  # fmt: skip
        about_focus = [row for row in rows if HOLESET[row[2]] & set(sc.focus)]
        rows = about_focus if about_focus and self.rng.random() < 0.8 else rows
        names = sorted({row[0] for row in rows})
        name = self.rng.choices(names, weights=[3 if n.startswith("_") else 1 for n in names])[0]
        row = self.rng.choice([row for row in rows if row[0] == name])
        for typ in sorted(REQUIRES[row[2]]) if pre is not None else ():
            if not sc.vars[typ]:
                pre += self.assign(sc, ind, out=typ)
        return row

    def expr(self, typ: str, sc: _Scope) -> str:
        """An expression of type `typ` over the variables in scope (never creates any)."""
        if (
            typ != "bool"
            and self.rng.random() < 0.4
            or not any(row[1] == typ and all(sc.vars[t] for t in REQUIRES[row[2]]) for row in ROWS)
        ):
            return sc.focus[typ] if typ in sc.focus and self.rng.random() < 0.7 else self._var_or_lit(typ, sc)
        for _ in range(4):
            name, _, tpl = self.pick(sc, {typ})
            code = self.fill(tpl, sc, name in MUTATING)
            if self._uses_var(code, sc):
                break
        return code

    @staticmethod
    def _uses_var(code: str, sc: _Scope) -> bool:
        return any(re.search(rf"\b{n}\b", code) for n in sc.taken())

    def _var_or_lit(self, typ: str, sc: _Scope) -> str:
        return self.rng.choice(sc.vars[typ]) if sc.vars[typ] else self.literal(typ)

    def _new(self, typ: str, sc: _Scope, pool: list[str] | None = None) -> str:
        taken = sc.taken()
        free = [n for n in pool or NAMES[typ] if n not in taken]
        return self.rng.choice(free) if free else f"{self.rng.choice(pool or NAMES[typ])}{len(taken)}"

    # ---------------------------------------------------------------- statements
    def assign(self, sc: _Scope, ind: str, out: str | None = None) -> list[str]:
        """`name = snippet` (a new variable, or the one the snippet transforms: `text = text.strip()`)."""
        pre: list[str] = []
        if out is not None and not any(
            row[1] == out and all(sc.vars[t] for t in REQUIRES[row[2]]) for row in ROWS
        ):
            name = self._new(out, sc)
            sc.add(out, name)
            return [f"{ind}{name} = {self.literal(out)}"]
        outs = {out} if out else {row[1] for row in ROWS} - {"-"}
        qual, typ, tpl = self.pick(sc, outs, pre if out is None else None, ind)
        value = self.fill(tpl, sc, qual in MUTATING)
        targets = self._targets(typ, sc, value)
        return pre + [f"{ind}{', '.join(targets)} = {value}"]

    def _targets(self, typ: str, sc: _Scope, value: str) -> list[str]:
        types = typ.split(",")
        if len(types) == 1 and typ != "any" and self.rng.random() < 0.4:
            own = [n for n in sc.vars[typ] if n not in sc.busy and n not in sc.focus.values()
                   and re.search(rf"\b{n}\b", value)]  # fmt: skip
            if own:
                return [own[0]]
        names = []
        for t in types:
            names.append(self._new(t, sc))
            sc.add(t, names[-1])
        return names

    def mutate(self, sc: _Scope, ind: str) -> list[str]:
        pre: list[str] = []
        _, _, tpl = self.pick(sc, {"-"}, pre, ind)
        return pre + self._indent(self.fill(tpl, sc, mutating=True), ind)

    @staticmethod
    def _indent(code: str, ind: str) -> list[str]:
        first, *rest = code.split("\n")
        return [ind + first] + [ind + "    " + line for line in rest]

    def _update(self, sc: _Scope, acc: str, typ: str) -> str:
        """One accumulation step into `acc`."""
        r = self.rng
        if typ == "str":
            e = self.expr("str", sc)
            return f"{acc} += {e}" if r.random() < 0.8 else f"{acc} = {e} + {acc}"
        if typ == "int":
            return r.choice(
                [
                    f"{acc} += 1",
                    f"{acc} += {self.expr('int', sc)}",
                    f"{acc} = max({acc}, {self.expr('int', sc)})",
                ]
            )
        if typ in ("list_int", "list_str", "nested"):
            item = self.expr({"list_int": "int", "list_str": "str", "nested": "list_int"}[typ], sc)
            return f"{acc}.append({item})" if r.random() < 0.85 else f"{acc}.insert(0, {item})"
        if typ == "set":
            return f"{acc}.add({self.expr('int', sc)})"
        key = self.expr("str", sc)
        return (
            f"{acc}[{key}] = {acc}.get({key}, 0) + 1"
            if r.random() < 0.6
            else f"{acc}[{key}] = {self.expr('int', sc)}"
        )

    def _accumulate(self, sc: _Scope, acc: str, typ: str, ind: str) -> list[str]:
        r = self.rng
        lines = self.assign(sc, ind) if r.random() < 0.15 else []
        if r.random() < 0.6:
            lines += [f"{ind}if {self.expr('bool', sc)}:", f"{ind}    {self._update(sc, acc, typ)}"]
            if r.random() < 0.3:
                lines += [f"{ind}else:", f"{ind}    {self._update(sc, acc, typ)}"]
        else:
            lines.append(f"{ind}{self._update(sc, acc, typ)}")
        return lines

    def _new_acc(self, sc: _Scope, focus_types: list[str], ind: str) -> tuple[str, str, str]:
        typ = self.rng.choice(ACC_FOR.get(self.rng.choice(focus_types), ["int", "list_int", "str"]))
        acc = self._new(typ, sc)
        sc.add(typ, acc)
        return acc, typ, f"{ind}{acc} = {EMPTY[typ]}"

    def for_loop(self, sc: _Scope, ind: str) -> list[str]:
        usable = [
            h for h in LOOPS if all(sc.vars[HOLE_TYPES[x]] for x in HOLE.findall(h[0]) if x not in OPTIONAL)
        ]
        head, loop_vars = self.rng.choice(usable)
        memo: dict = {}
        head = self.fill(head.replace(";;", "\n"), sc, memo=memo)
        acc, typ, init = self._new_acc(sc, [t for t, _ in loop_vars], ind)
        inner = _Scope(sc)
        for i, (t, pool) in enumerate(loop_vars):
            memo[f"v{i + 1}"] = self._new(t, inner, pool)
            inner.add(t, memo[f"v{i + 1}"])
        head = re.sub(r"\$v(\d)", lambda m: memo[f"v{m.group(1)}"], head)
        inner.focus = {t: memo[f"v{i + 1}"] for i, (t, _) in enumerate(loop_vars)}
        inner.busy |= {v for k, v in memo.items() if k in HOLE_TYPES}
        return [init] + self._indent(head, ind) + self._accumulate(inner, acc, typ, ind + "    ")

    def while_loop(self, sc: _Scope, ind: str) -> list[str]:
        r = self.rng
        lists = [n for n in sc.vars["list_int"] + sc.vars["list_str"] if n not in sc.busy]
        strs = [n for n in sc.vars["str"] if n not in sc.busy and n not in sc.focus.values()]
        kind = r.random()
        if kind < 0.4 and lists:
            seq = r.choice(lists)
            elem = "int" if seq in sc.vars["list_int"] else "str"
            acc, typ, init = self._new_acc(sc, [elem], ind)
            inner = _Scope(sc)
            var = self._new(elem, inner, ["item", "top", "last", "cur"])
            inner.add(elem, var)
            inner.focus, inner.busy = {elem: var}, inner.busy | {seq}
            cond = f"{seq}" if r.random() < 0.6 else f"len({seq}) > {r.randint(0, 3)}"
            return [init, f"{ind}while {cond}:", f"{ind}    {var} = {seq}.pop({r.choice(['', '0'])})"] + \
                self._accumulate(inner, acc, typ, ind + "    ")  # fmt: skip
        if kind < 0.7 and strs:
            s, c = r.choice(strs), repr(r.choice(SUBS))
            return r.choice([[f"{ind}while {s}.startswith({c}):", f"{ind}    {s} = {s}[1:]"],
                             [f"{ind}while {s}.endswith({c}):", f"{ind}    {s} = {s}[:-1]"],
                             [f"{ind}while {c} in {s}:", f"{ind}    {s} = {s}.replace({c}, '', 1)"]])  # fmt: skip
        seqs = sc.vars["str"] + sc.vars["list_int"] + sc.vars["list_str"]
        if not seqs:
            return self.for_loop(sc, ind)
        seq = r.choice(seqs)
        elem = "int" if seq in sc.vars["list_int"] else "str"
        i = self._new("int", sc, ["i", "j", "pos", "idx"])
        sc.add("int", i)
        acc, typ, init = self._new_acc(sc, [elem], ind)
        inner = _Scope(sc)
        cur = self._new(elem, inner, ["cur", "elem", "item"])
        inner.add(elem, cur)
        inner.focus = {elem: cur}
        body = self._accumulate(inner, acc, typ, ind + "    ")
        return [f"{ind}{i} = 0", init, f"{ind}while {i} < len({seq}):", f"{ind}    {cur} = {seq}[{i}]", *body,
                f"{ind}    {i} += {r.choice([1, 1, 2])}"]  # fmt: skip

    def if_else(self, sc: _Scope, ind: str) -> list[str]:
        r = self.rng
        kind = r.random()
        if kind < 0.25:
            return [f"{ind}if {self.expr('bool', sc)}:", f"{ind}    return {self.ret(sc)}"]
        if kind < 0.45:
            return [f"{ind}if {self.expr('bool', sc)}:"] + self.mutate(_Scope(sc), ind + "    ")
        cond = self.expr("bool", sc)
        typ = r.choice([t for t in ("str", "int", "list_int", "list_str", "dict") if sc.vars[t]] or ["int"])
        a, b = self.expr(typ, sc), self.expr(typ, sc)
        name = self._targets(typ, sc, a + " " + b)[0]
        if r.random() < 0.3:
            return [f"{ind}{name} = {a} if {cond} else {b}"]
        return [f"{ind}if {cond}:", f"{ind}    {name} = {a}", f"{ind}else:", f"{ind}    {name} = {b}"]

    def try_stmt(self, sc: _Scope, ind: str) -> list[str]:
        pre: list[str] = []
        qual, typ, tpl = self.pick(sc, {row[1] for row in ROWS}, pre, ind, only=RISKY)
        code = self.fill(tpl, sc, mutating=True)
        if typ == "-":
            return (
                pre
                + [f"{ind}try:"]
                + self._indent(code, ind + "    ")
                + [f"{ind}except {RISKY[qual]}:", f"{ind}    pass"]
            )
        targets = self._targets(typ, sc, code)
        defaults = ", ".join({"int": "-1", "str": "''"}.get(t, "None") for t in typ.split(","))
        return pre + [f"{ind}try:", f"{ind}    {', '.join(targets)} = {code}", f"{ind}except {RISKY[qual]}:",
                      f"{ind}    {', '.join(targets)} = {defaults}"]  # fmt: skip

    def ret(self, sc: _Scope) -> str:
        """A return value: the last result, a tuple/list/dict of results, an f-string or a snippet."""
        r = self.rng
        names = [n for n in sc.order if n not in sc.focus.values()][-4:]
        local = [n for n in names if n not in sc.params]
        names = local if len(local) >= 2 or (local and r.random() < 0.8) else names
        kind = r.random()
        if len(names) >= 2 and kind < 0.45:
            a, b = r.sample(names, 2)
            return r.choice([f"{a}, {b}", f"{a}, {b}", f"[{a}, {b}]", f"{{'{a}': {a}, '{b}': {b}}}", f'f"{{{a}}}{r.choice(["", " ", "-", ":"])}{{{b}}}"'])  # fmt: skip
        if names and kind < 0.8:
            return names[-1] if r.random() < 0.7 else r.choice(names)
        typ = r.choice(
            [t for t in ("str", "int", "list_int", "list_str", "dict", "bool") if sc.vars[t]] or ["int"]
        )
        last = _Scope(sc)
        last.focus = {t: max(v, key=sc.order.index) for t, v in sc.vars.items() if v}
        _, _, tpl = self.pick(last, {typ})
        return self.fill(tpl, last)

    # ---------------------------------------------------------------- whole programs
    def program(self) -> tuple[str, list[str]]:
        """A random `def f(...)` and its parameter types."""
        r = self.rng
        types = r.choices(
            list(PARAM_WEIGHTS), weights=list(PARAM_WEIGHTS.values()), k=r.choice([1, 1, 2, 2, 2, 3])
        )
        if all(t in ("int", "bool") for t in types):
            types[0] = r.choice(["str", "list_int", "list_str"])
        sc = _Scope()
        for t in types:
            free = [n for n in PARAMS[t] if n not in sc.taken()]
            sc.add(t, r.choice(free) if free else f"{PARAMS[t][0]}{len(sc.order) + 1}")  # pool used up: number one
        params = sc.params = list(sc.order)
        body: list[str] = []
        steps = [
            self.assign,
            self.assign,
            self.mutate,
            self.for_loop,
            self.for_loop,
            self.while_loop,
            self.if_else,
            self.try_stmt,
        ]
        for _ in range(r.randint(1, 4)):
            body += r.choices(steps, weights=[3, 2, 2, 2, 1, 1, 1.5, 0.6])[0](sc, "    ")
        body.append(f"    return {self.ret(sc)}")
        return f"def f({', '.join(params)}):\n" + "\n".join(body), types

    def inputs(self, types: list[str]) -> str:
        """A call argument list (source text) for parameters of `types`."""
        return ", ".join(repr(value(self.rng, t)) for t in types)


def method_patterns() -> dict[str, re.Pattern]:
    """How a listed method (`.name(`, or `name(` for builtins) or construct is recognised in code."""
    pats = {m: re.escape(f".{m.split('.')[1]}(") if "." in m else rf"(?<![\w.]){m}\(" for m in METHODS}
    return {m: re.compile(p) for m, p in {**pats, **CONSTRUCTS}.items()}


def method_shares(codes: list[str]) -> dict[str, float]:
    """Share of `codes` using each listed method and construct."""
    return {
        m: sum(1 for c in codes if p.search(c)) / max(len(codes), 1) for m, p in method_patterns().items()
    }
