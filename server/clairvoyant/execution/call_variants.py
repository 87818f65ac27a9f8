"""Variants of a written example call: the same function on inputs of the same shape, each a little changed.

A hand-written function comes with a few calls a person would make (`f('hello world', 'o')`); `variants` turns each
into more such calls by type-preserving edits of its literal arguments (a letter inserted or re-cased, a word
swapped, a list element dropped or repeated, a dict value changed, an int moved by a few), so one written function
yields many traced samples whose inputs stay natural.
"""

from __future__ import annotations

import ast
import random
import string

from clairvoyant.execution.idiom_table import KEYS, WORDS
from clairvoyant.execution.idiomgen_inputs import value

_CHARS = string.ascii_lowercase + string.ascii_uppercase[:6] + string.digits[:5] + " .,!-_"


def _mutate_str(rng: random.Random, s: str) -> str:
    if len(s) == 1:
        return rng.choice(_CHARS)
    kind = rng.randrange(8)
    i = rng.randrange(len(s) + 1)
    if kind == 0 or not s:
        return s[:i] + rng.choice(_CHARS) + s[i:]
    i = min(i, len(s) - 1)
    if kind == 1:
        return s[:i] + s[i + 1 :]
    if kind == 2:
        return s[:i] + s[i].swapcase() + s[i + 1 :]
    if kind == 3:
        return s[:i] + s[i] * rng.randint(2, 3) + s[i + 1 :]
    words = s.split(" ")
    if kind == 4 and len(words) > 1:
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        return " ".join(words)
    if kind == 5 and len(words) > 1:
        rng.shuffle(words)
        return " ".join(words)
    if kind == 6:
        return rng.choice([s.upper(), s.lower(), s.title(), s + " " + rng.choice(WORDS), s[: len(s) // 2]])
    return value(rng, "str")


def _mutate_seq(rng: random.Random, items: list) -> list:
    items = list(items)
    kind = rng.randrange(6)
    if kind == 0 and items:
        items.pop(rng.randrange(len(items)))
    elif kind == 1 and items:
        items.insert(rng.randrange(len(items) + 1), rng.choice(items))
    elif kind == 2:
        rng.shuffle(items)
    elif kind == 3 and items:
        i = rng.randrange(len(items))
        items[i] = mutate(rng, items[i])
    elif kind == 4 and items:
        items.append(mutate(rng, rng.choice(items)))
    else:
        items.reverse()
    return items


def _mutate_dict(rng: random.Random, d: dict) -> dict:
    d = dict(d)
    kind = rng.randrange(3)
    if kind == 0 and d:
        del d[rng.choice(list(d))]
    elif kind == 1 and d:
        k = rng.choice(list(d))
        d[k] = mutate(rng, d[k])
    elif d:
        k0 = next(iter(d))
        new = rng.choice(KEYS + WORDS) if isinstance(k0, str) else mutate(rng, k0)
        d[new] = mutate(rng, d[k0])
    return d


def mutate(rng: random.Random, v):
    """A value of the same type as `v`, a little changed (`v` itself for types it does not know)."""
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + rng.choice([-3, -2, -1, 1, 1, 2, 3, 5]) if rng.random() < 0.8 else rng.randint(-5, 20)
    if isinstance(v, float):
        return round(v + rng.uniform(-2, 2), 2)
    if isinstance(v, str):
        return _mutate_str(rng, v)
    if isinstance(v, list):
        return _mutate_seq(rng, v)
    if isinstance(v, tuple):
        return tuple(_mutate_seq(rng, list(v)))
    if isinstance(v, dict):
        return _mutate_dict(rng, v)
    return v


def _parts(v) -> list:
    """Short strings and ints found inside `v`: characters and words of a string, elements of a list, dict keys."""
    if isinstance(v, str):
        return list(v) + v.split()
    if isinstance(v, (list, tuple, set)):
        return [x for x in v if isinstance(x, (str, int))]
    if isinstance(v, dict):
        return list(v)
    return []


def _related(rng: random.Random, v, others: list):
    """For a short string or int argument, often a part of another argument (a key of the dict, a char of the
    text), so the changed call still hits the function's interesting branches; otherwise a small change."""
    if isinstance(v, (str, int)) and not isinstance(v, bool) and (not isinstance(v, str) or len(v) <= 3):
        pool = [x for o in others for x in _parts(o) if type(x) is type(v)]
        if pool and rng.random() < 0.5:
            return rng.choice(pool)
    return mutate(rng, v)


def literal_args(call: str) -> tuple[str, list, dict] | None:
    """(function name, positional values, keyword values) of a call with literal arguments, or None."""
    try:
        node = ast.parse(call, mode="eval").body
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            return None
        args = [ast.literal_eval(a) for a in node.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords if k.arg}
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return None
    if len(kwargs) != len(node.keywords):
        return None
    return node.func.id, args, kwargs


def render(name: str, args: list, kwargs: dict) -> str:
    """The call `name(*args, **kwargs)` written with `repr` of each value."""
    return f"{name}({', '.join([repr(v) for v in args] + [f'{k}={v!r}' for k, v in kwargs.items()])})"


def canonical(call: str) -> str:
    """`call` with its literal arguments written as `repr` writes them (quotes, spacing), or unchanged."""
    parsed = literal_args(call)
    return render(*parsed) if parsed else call


def variants(call: str, rng: random.Random, n: int) -> list[str]:
    """Up to `n` distinct calls like `call`, each with one or more of its literal arguments changed."""
    parsed = literal_args(call)
    if parsed is None:
        return []
    name, args, kwargs = parsed
    values = args + list(kwargs.values())
    if not values:
        return []
    out: dict[str, None] = {}

    def change(i: int):
        return _related(rng, values[i], values[:i] + values[i + 1 :])

    for _ in range(4 * n):
        changed = [change(i) if rng.random() < 0.5 else v for i, v in enumerate(values)]
        if changed == values:
            i = rng.randrange(len(values))
            changed[i] = change(i)
        new = render(name, changed[: len(args)], dict(zip(kwargs, changed[len(args) :])))
        if new != call:
            out[new] = None
            if len(out) >= n:
                break
    return list(out)
