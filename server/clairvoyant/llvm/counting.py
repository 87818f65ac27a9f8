"""Our own instruction counter over textual LLVM IR (no LLVM needed), with per-function line numbers.

It agrees with LLVM's own count (`print<func-properties>` TotalInstructionCount, or iterating the C API)
because it recognises instructions by opcode, so `switch` case lines and `landingpad` clauses are not counted.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

OPCODES = frozenset(["ret", "br", "switch", "indirectbr", "invoke", "resume", "unreachable", "cleanupret", "catchret", "catchswitch", "callbr", "fneg", "add", "fadd", "sub", "fsub", "mul", "fmul", "udiv", "sdiv", "fdiv", "urem", "srem", "frem", "shl", "lshr", "ashr", "and", "or", "xor", "extractelement", "insertelement", "shufflevector", "extractvalue", "insertvalue", "alloca", "load", "store", "fence", "cmpxchg", "atomicrmw", "getelementptr", "trunc", "zext", "sext", "fptrunc", "fpext", "fptoui", "fptosi", "uitofp", "sitofp", "ptrtoint", "inttoptr", "bitcast", "addrspacecast", "icmp", "fcmp", "phi", "select", "freeze", "call", "va_arg", "landingpad", "catchpad", "cleanuppad"])

_DEFINE = re.compile(r'^define\b[^@]*@("(?:[^"\\]|\\.)*"|[-\w.$]+)')
_ASSIGN = re.compile(r'^(?:%[-\w.$]+|%"(?:[^"\\]|\\.)*"|%\d+)\s*=\s*')
_CALL_PREFIX = re.compile(r'^(?:tail|musttail|notail)\s+')
_LABEL = re.compile(r'^([-\w.$]+):')
_LABEL_REF = re.compile(r'label %([-\w.$]+)')
_CALLEE = re.compile(r'@("(?:[^"\\]|\\.)*"|[-\w.$]+)\(')


@dataclass
class TextFunction:
    """A defined function found in the text: name, 0-based line of `define`, instruction count, opcodes."""

    name: str
    line: int
    instructions: int = 0
    opcodes: Counter = field(default_factory=Counter)
    blocks: int = 1
    back_edges: int = 0  # branches to a block defined earlier: a cheap loop count
    callees: Counter = field(default_factory=Counter)


def instruction_opcode(line: str) -> str | None:
    """The opcode of an instruction line inside a function body, or None (labels, case lines, comments)."""
    s = line.strip()
    if not s or s[0] in ";!}":
        return None
    s = _ASSIGN.sub("", s, count=1)
    s = _CALL_PREFIX.sub("", s, count=1)
    word = s.split(None, 1)[0] if s else ""
    return word if word in OPCODES else None


def back_edges(line: str, labels_so_far: set[str]) -> int:
    """Branch targets on a `br` line that name a block defined earlier (a cheap loop count)."""
    return sum(ref in labels_so_far for ref in _LABEL_REF.findall(line))


def callee_of(line: str) -> str | None:
    """The directly called function of a `call`/`invoke` line, or None for an indirect call."""
    callee = _CALLEE.search(line)
    return callee.group(1).strip('"') if callee else None


def walk(text: str) -> Iterator[tuple[int, str, str, str]]:
    """The lines of a module as events (0-based line, kind, value, line): ("define", function name) and
    ("outside", "") outside function bodies; ("end", ""), ("label", name), ("instruction", opcode) inside them."""
    inside = False
    for i, line in enumerate(text.splitlines()):
        if not inside:
            m = _DEFINE.match(line)
            if m:
                name = m.group(1)
                yield i, "define", name[1:-1] if name.startswith('"') else name, line
                inside = not line.rstrip().endswith("}")  # a one-line body is not valid IR, but stay safe
            else:
                yield i, "outside", "", line
        elif line.startswith("}"):
            inside = False
            yield i, "end", "", line
        elif label := _LABEL.match(line):
            yield i, "label", label.group(1), line
        elif op := instruction_opcode(line):
            yield i, "instruction", op, line


def parse_functions(text: str) -> list[TextFunction]:
    """Defined functions with instruction counts and opcode histograms, in file order."""
    funcs: list[TextFunction] = []
    current: TextFunction | None = None
    labels: set[str] = set()
    for i, kind, value, line in walk(text):
        if kind == "define":
            current = TextFunction(name=value, line=i)
            funcs.append(current)
            labels = set()
        elif kind == "label":
            current.blocks += 1
            labels.add(value)
        elif kind == "instruction":
            current.instructions += 1
            current.opcodes[value] += 1
            if value == "br":
                current.back_edges += back_edges(line, labels)
            elif value in ("call", "invoke") and (callee := callee_of(line)):
                current.callees[callee] += 1
    return funcs


def count_text(text: str) -> int:
    """Total number of instructions in the defined functions of the module text."""
    return sum(f.instructions for f in parse_functions(text))
