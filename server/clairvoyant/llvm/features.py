"""What the pass ranker reads: a fixed-length numeric description of an LLVM module, built from its text.

It reads every function's instruction sequence, not just totals:
  * sizes and structure: instructions, functions (defined, internal, declared), globals, blocks, back edges
    (loops), calls (internal, external, `llvm.*`, indirect), allocas, phis, switches, the largest function;
  * the opcode histogram, as shares of all instructions;
  * opcode bigrams along each function's instruction sequence (hashed into buckets, as shares);
  * the types instructions work on (i1 … i64, ptr, float, double, vectors, arrays, structs), as shares;
  * how the code is spread over functions: share of functions and of instructions per log2 size bucket, and
    per loop depth bucket;
  * function attributes (`noinline`, `alwaysinline`, `minsize`, `optsize`, `nounwind`, …) and linkage;
  * external callees (hashed into buckets), e.g. `memcpy`, `printf`, `malloc`;
  * call-graph facts that decide inlining and dead-code removal: internal functions called once, never called,
    or whose address is taken; the share of code in functions called once or small and called; recursion.
Counts are log1p-scaled, distributions are shares, so modules of any size compare.
"""
from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

from clairvoyant.llvm.counting import OPCODES, back_edges, callee_of, walk

FEATURE_VERSION = 2
BIGRAM_BUCKETS = 256
CALLEE_BUCKETS = 32
SIZE_BUCKETS = 12
_OPCODES = sorted(OPCODES)
_TYPES = {"i1": r"\bi1\b", "i8": r"\bi8\b", "i16": r"\bi16\b", "i32": r"\bi32\b", "i64": r"\bi64\b",
          "iwide": r"\bi(?:128|256)\b", "ptr": r"\bptr\b", "half": r"\bhalf\b", "float": r"\bfloat\b",
          "double": r"\bdouble\b", "fp80": r"\bx86_fp80\b", "vector": r"<\d+ x ", "array": r"\[\d+ x ",
          "struct": r"%(?:struct|union)\.", "void": r"\bvoid\b"}
_TYPE_RE = {k: re.compile(v) for k, v in _TYPES.items()}
_ATTRS = ["noinline", "alwaysinline", "inlinehint", "minsize", "optsize", "optnone", "nounwind", "noreturn",
          "willreturn", "memory(none)", "memory(read)", "uwtable", "norecurse", "cold"]
_COUNTS = ["instructions", "functions", "internal", "declared", "globals", "const_globals", "strings",
           "blocks", "back_edges", "loop_functions", "calls_internal", "calls_external", "calls_intrinsic",
           "calls_indirect", "calls_mem", "allocas", "phis", "switches", "selects", "geps", "landingpads",
           "largest_function", "varargs", "attribute_groups"]


_CALL_GRAPH = ["internal_called_once", "internal_uncalled", "address_taken", "recursive", "inst_called_once",
               "inst_small_called", "inst_internal"]
_GLOBAL_REF = re.compile(r'@("(?:[^"\\]|\\.)*"|[-\w.$]+)')


@dataclass
class _Function:
    name: str = ""
    size: int = 0
    back_edges: int = 0
    internal: bool = False
    attrs: str = ""
    opcodes: list[str] = field(default_factory=list)
    callees: Counter = field(default_factory=Counter)


def _bucket(n: int, buckets: int) -> int:
    return 0 if n <= 0 else min(buckets - 1, 1 + int(math.log2(n)))


def _hash(text: str, buckets: int) -> int:
    return zlib.crc32(text.encode()) % buckets


def feature_names() -> list[str]:
    """Names of the vector's entries, in order (stored with the model; a mismatch means retrain)."""
    return ([f"log:{c}" for c in _COUNTS] + [f"op:{o}" for o in _OPCODES]
            + [f"bigram:{i}" for i in range(BIGRAM_BUCKETS)] + [f"type:{t}" for t in _TYPES]
            + [f"fn_size:{i}" for i in range(SIZE_BUCKETS)] + [f"inst_size:{i}" for i in range(SIZE_BUCKETS)]
            + [f"loops:{i}" for i in range(4)] + [f"attr:{a}" for a in _ATTRS]
            + [f"callee:{i}" for i in range(CALLEE_BUCKETS)] + [f"cg:{c}" for c in _CALL_GRAPH])


def _scan(text: str) -> tuple[list[_Function], Counter, Counter, Counter, dict]:
    """One pass over the text: functions (with opcode sequences), type and callee counts, module facts."""
    funcs: list[_Function] = []
    types: Counter = Counter()
    callees: Counter = Counter()
    counts: Counter = Counter()
    attr_groups: dict[str, str] = {}
    defined: set[str] = set()
    current: _Function | None = None
    labels: set[str] = set()
    for _, kind, value, line in walk(text):
        if kind == "define":
            current = _Function(name=value, attrs=line,
                                internal=bool(re.match(r"define\s+(?:internal|private)\b", line)))
            defined.add(current.name)
            counts["varargs"] += "..." in line
            funcs.append(current)
            labels = set()
        elif kind == "outside":
            if line.startswith("declare "):
                counts["declared"] += 1
            elif line.startswith("@"):
                counts["globals"] += 1
                counts["const_globals"] += " constant " in line
                counts["strings"] += ' c"' in line
            elif line.startswith("attributes #"):
                key, _, body = line.partition("=")
                attr_groups[key.split()[1]] = body
        elif kind == "label":
            counts["blocks"] += 1
            labels.add(value)
        elif kind == "instruction":
            current.opcodes.append(value)
            for name, rx in _TYPE_RE.items():
                types[name] += len(rx.findall(line))
            if value == "br":
                current.back_edges += back_edges(line, labels)
            elif value in ("call", "invoke"):
                name = callee_of(line)
                callees[name] += 1
                current.callees[name] += 1
    refs = Counter(m.strip('"') for m in _GLOBAL_REF.findall(text))
    return funcs, types, callees, counts, {"attr_groups": attr_groups, "defined": defined, "refs": refs}


def _call_graph(funcs: list[_Function], callees: Counter, refs: Counter, total: int) -> list[float]:
    """Shares of functions / instructions in the situations that decide inlining and dead-code removal."""
    n = max(1, len(funcs))
    once = uncalled = taken = recursive = inst_once = inst_small = inst_internal = 0
    for f in funcs:
        calls = callees[f.name]
        taken += refs[f.name] - 1 - calls > 0  # named somewhere other than its definition and direct calls
        recursive += f.callees[f.name] > 0
        if f.internal:
            inst_internal += f.size
            once += calls == 1
            uncalled += calls == 0
            inst_once += f.size if calls == 1 else 0
            inst_small += f.size if calls and f.size <= 16 else 0
    t = max(1, total)
    return [once / n, uncalled / n, taken / n, recursive / n, inst_once / t, inst_small / t, inst_internal / t]


def module_features(text: str) -> list[float]:
    """The module's feature vector (`feature_names()` order)."""
    funcs, types, callees, counts, facts = _scan(text)
    ops: Counter = Counter()
    bigrams = [0.0] * BIGRAM_BUCKETS
    for f in funcs:
        f.size = len(f.opcodes)
        ops.update(f.opcodes)
        for a, b in zip(f.opcodes, f.opcodes[1:]):
            bigrams[_hash(f"{a}>{b}", BIGRAM_BUCKETS)] += 1
    total = sum(ops.values())
    defined = facts["defined"]
    callee_buckets = [0.0] * CALLEE_BUCKETS
    for name, n in callees.items():
        if name is None:
            counts["calls_indirect"] += n
        elif name in defined:
            counts["calls_internal"] += n
        elif name.startswith("llvm."):
            counts["calls_intrinsic"] += n
            counts["calls_mem"] += n if name.startswith("llvm.mem") else 0
        else:
            counts["calls_external"] += n
            callee_buckets[_hash(name, CALLEE_BUCKETS)] += n
    counts.update(instructions=total, functions=len(funcs), internal=sum(f.internal for f in funcs),
                  back_edges=sum(f.back_edges for f in funcs),
                  loop_functions=sum(f.back_edges > 0 for f in funcs), allocas=ops["alloca"], phis=ops["phi"],
                  switches=ops["switch"], selects=ops["select"], geps=ops["getelementptr"],
                  landingpads=ops["landingpad"], largest_function=max((f.size for f in funcs), default=0),
                  attribute_groups=len(facts["attr_groups"]))
    fn_size, inst_size, loops = [0.0] * SIZE_BUCKETS, [0.0] * SIZE_BUCKETS, [0.0] * 4
    attrs = [0.0] * len(_ATTRS)
    for f in funcs:
        b = _bucket(f.size, SIZE_BUCKETS)
        fn_size[b] += 1
        inst_size[b] += f.size
        loops[min(3, _bucket(f.back_edges, 4))] += f.size
        groups = " ".join(facts["attr_groups"].get(g, "") for g in re.findall(r"#\d+", f.attrs))
        for i, a in enumerate(_ATTRS):
            attrs[i] += a in groups or a in f.attrs
    type_total = sum(types.values())

    def share(values, whole) -> list[float]:
        return [v / whole if whole else 0.0 for v in values]

    return ([math.log1p(counts[c]) for c in _COUNTS] + share([ops[o] for o in _OPCODES], total)
            + share(bigrams, max(1, total - len(funcs))) + share([types[t] for t in _TYPES], type_total)
            + share(fn_size, len(funcs)) + share(inst_size, total) + share(loops, total)
            + share(attrs, len(funcs)) + share(callee_buckets, counts["calls_external"])
            + _call_graph(funcs, callees, facts["refs"], total))
