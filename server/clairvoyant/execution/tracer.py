"""Execution tracer for Python function calls (stdlib only: it is also copied into the sandbox child).

`trace_call(source, call)` executes `source`, then evaluates `call` under `sys.settrace`, recording for each
executed line of code defined in `source` the line number and the locals whose `repr` changed since that frame's
previous step. `mode="opcode"` records one step per bytecode instruction instead (`frame.f_trace_opcodes`).
Traces are bounded (`max_steps`, default 14k): past the bound tracing stops but the call runs to completion,
so the result is still known. Three serialisations: `format_full`, `format_compact`, `format_dynamic`.
"""

from __future__ import annotations

import dis
import re
import reprlib
import signal
import sys
import threading
from dataclasses import asdict, dataclass, field

MAX_STEPS = 14_000
REPR_LIMIT = 200
FILENAME = "<clairvoyant>"
_SHORT = reprlib.Repr()
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = _SHORT.maxset = _SHORT.maxfrozenset = 64
_SHORT.maxstring = _SHORT.maxother = REPR_LIMIT
_SHORT.maxlevel = 4
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class TraceTimeout(BaseException):
    """Raised inside the traced call when its time budget is spent (a BaseException, so user code
    and `safe_repr` cannot swallow it)."""


@dataclass
class Step:
    line: int  # 1-based line in `source`
    event: str  # "line" | "opcode" | "return" | "exception"
    depth: int  # 0 = the called function's frame, 1 = a call it made, ...
    changes: dict[str, str] = field(default_factory=dict)  # local name -> repr, only those that changed
    op: str | None = None  # opcode name in "opcode" mode


@dataclass
class Trace:
    call: str
    steps: list[Step]
    result: str | None  # repr of the returned value
    error: str | None  # "ExcType: message" when the call raised
    truncated: bool  # more than max_steps steps happened

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> Trace:
        return cls(d["call"], [Step(**s) for s in d["steps"]], d["result"], d["error"], d["truncated"])


def safe_repr(value, limit: int = REPR_LIMIT) -> str:
    """repr() that never raises, hides memory addresses and is cut to `limit` characters.

    Large containers are abbreviated before the repr is built, so huge values stay cheap to trace.
    """
    try:
        big = isinstance(value, (list, tuple, dict, set, frozenset, str, bytes)) and len(value) > limit
        text = _SHORT.repr(value) if big else repr(value)
    except Exception as exc:  # noqa: BLE001 - user objects may raise anything
        text = f"<repr failed: {type(exc).__name__}>"
    text = _ADDRESS.sub("", text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _format_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class _Recorder:
    def __init__(self, mode: str, max_steps: int):
        self.mode = mode
        self.max_steps = max_steps
        self.steps: list[Step] = []
        self.truncated = False
        self.depths: dict[int, int] = {}  # id(frame) -> depth
        self.previous: dict[int, dict[str, str]] = {}  # id(frame) -> last seen reprs

    def global_trace(self, frame, event, arg):
        if event != "call" or frame.f_code.co_filename != FILENAME or self.truncated:
            return None
        parent = self.depths.get(id(frame.f_back), -1) if frame.f_back is not None else -1
        self.depths[id(frame)] = parent + 1
        self.previous[id(frame)] = {}
        if self.mode == "opcode":
            frame.f_trace_opcodes = True
        return self.local_trace

    def _changes(self, frame) -> dict[str, str]:
        before = self.previous[id(frame)]
        now = {k: safe_repr(v) for k, v in frame.f_locals.items() if not k.startswith(".")}
        self.previous[id(frame)] = now
        return {k: v for k, v in now.items() if before.get(k) != v}

    def local_trace(self, frame, event, arg):
        if self.truncated:
            frame.f_trace = None
            return None
        if len(self.steps) >= self.max_steps:
            self.truncated = True
            sys.settrace(None)
            frame.f_trace = None
            return None
        if event == "line" and self.mode == "line" or event == "opcode":
            op = dis.opname[frame.f_code.co_code[frame.f_lasti]] if event == "opcode" else None
            self.steps.append(Step(frame.f_lineno, event, self.depths[id(frame)], self._changes(frame), op))
        elif event == "return":
            changes = self._changes(frame)
            changes["<return>"] = safe_repr(arg)
            self.steps.append(Step(frame.f_lineno, "return", self.depths.pop(id(frame), 0), changes))
            self.previous.pop(id(frame), None)
        elif event == "exception":
            changes = {"<exception>": _format_error(arg[1])}
            self.steps.append(Step(frame.f_lineno, "exception", self.depths[id(frame)], changes))
        return self.local_trace


class _Alarm:
    """ITIMER_REAL timeout that raises TraceTimeout (main thread only, else a no-op); it re-fires every
    50 ms until disarmed, in case user code swallows the first one."""

    def __init__(self, timeout_s: float | None):
        self.timeout_s = timeout_s
        self.armed = bool(timeout_s) and threading.current_thread() is threading.main_thread()

    def _fire(self, signum, frame):
        if self.armed:
            raise TraceTimeout(f"timed out after {self.timeout_s}s")

    def __enter__(self):
        if self.armed:
            self.old = signal.signal(signal.SIGALRM, self._fire)
            signal.setitimer(signal.ITIMER_REAL, self.timeout_s, 0.05)
        return self

    def disarm(self) -> None:
        if self.armed:
            self.armed = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.old)

    def __exit__(self, *exc):
        self.disarm()


def trace_call(
    source: str,
    call: str,
    *,
    mode: str = "line",
    max_steps: int = MAX_STEPS,
    timeout_s: float | None = None,
    namespace: dict | None = None,
) -> Trace:
    """Run `source` then trace `call` (an expression). Untrusted code must run this inside the sandbox."""
    if mode not in ("line", "opcode"):
        raise ValueError(f"unknown trace mode {mode!r}")
    ns = {"__name__": "__clairvoyant__"} if namespace is None else namespace
    recorder = _Recorder(mode, max_steps)
    result = error = None
    call_code = compile(call, "<call>", "eval")
    alarm = _Alarm(timeout_s)
    try:
        with alarm:
            exec(compile(source, FILENAME, "exec"), ns)  # noqa: S102 - tracing runs code by design (sandbox it)
            old = sys.gettrace()
            sys.settrace(recorder.global_trace)
            try:
                value = eval(call_code, ns)
            finally:
                sys.settrace(old)
            result = safe_repr(value, limit=10_000)
            alarm.disarm()
    except TraceTimeout as exc:
        alarm.disarm()
        error = _format_error(exc)
    except Exception as exc:  # noqa: BLE001 - the traced code may raise anything
        alarm.disarm()
        error = _format_error(exc)
    return Trace(call, recorder.steps, result, error, recorder.truncated)


# ---------------------------------------------------------------- serialisations


def _assignments(changes: dict[str, str]) -> str:
    return ", ".join(f"{k}={v}" for k, v in changes.items() if not k.startswith("<"))


def _ending(trace: Trace) -> str:
    return f"raise {trace.error}" if trace.error is not None else f"return {trace.result}"


def format_full(trace: Trace, source: str | None = None) -> str:
    """Every step: line number, event, depth, changed locals and (when given) the source line."""
    lines = source.splitlines() if source else []
    out = []
    for s in trace.steps:
        text = lines[s.line - 1].strip() if 0 < s.line <= len(lines) else ""
        op = f" {s.op}" if s.op else ""
        extra = "".join(f" {k}={v}" for k, v in s.changes.items() if k.startswith("<"))
        out.append(f"{s.event}{op} d{s.depth} L{s.line}: {_assignments(s.changes)}{extra} | {text}".rstrip(" |"))
    if trace.truncated:
        out.append(f"... truncated after {len(trace.steps)} steps")
    out.append(_ending(trace))
    return "\n".join(out)


def format_compact(trace: Trace) -> str:
    """Scratchpad: the called function's line steps only, one short line each: `L4 x=1, y=[2]`."""
    out = []
    for s in trace.steps:
        if s.depth == 0 and s.event in ("line", "opcode"):
            assigned = _assignments(s.changes)
            out.append(f"L{s.line} {assigned}" if assigned else f"L{s.line}")
    if trace.truncated:
        out.append("...")
    out.append(_ending(trace))
    return "\n".join(out)


def format_dynamic(trace: Trace, limit: int | None = None) -> list[str]:
    """Dynamic scratchpad: one self-contained state per step of the called function, `L4 | x=1 | y=[2]`.

    Each state lists all locals of the called frame (not only the changed ones), so a model can produce the
    next state from the current one alone; the last element is `return <value>` (or `raise ...`).
    """
    states, current = [], {}
    for s in trace.steps:
        if s.depth != 0:
            continue
        current.update({k: v for k, v in s.changes.items() if not k.startswith("<")})
        if s.event in ("line", "opcode"):
            states.append(" | ".join([f"L{s.line}"] + [f"{k}={v}" for k, v in current.items()]))
    if limit is not None and len(states) > limit:
        states = states[:limit]
    return states + [_ending(trace)]
