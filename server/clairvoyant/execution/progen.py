"""Random generator of short typed Python puzzle functions `def f(...)` and inputs for them.

Programs are built from typed expression and statement templates over `str`, `int`, `bool`, `list[int]`,
`list[str]` and `dict[str, int]` (loops, conditionals, slicing, string methods, comprehensions, mutation),
so every generated program is well typed by construction; whether it runs without error on a given input is
decided by executing it (see `scripts/exec/make_data.py`).
"""

from __future__ import annotations

from clairvoyant.execution.progen_expressions import ExpressionGenerator
from clairvoyant.execution.progen_values import (
    LOCAL_NAMES,
    PARAM_NAMES,
    TYPES,
    Scope,
    rand_str,
    rand_value,
)

__all__ = ["LOCAL_NAMES", "PARAM_NAMES", "TYPES", "ProgramGenerator", "Scope", "rand_str", "rand_value"]


class ProgramGenerator(ExpressionGenerator):
    """Generates (source, param_types) pairs; `inputs()` draws argument tuples for them."""

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
