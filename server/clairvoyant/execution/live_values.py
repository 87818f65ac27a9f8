"""Live values (verified mode): what a call really does, line by line, from a traced run in the sandbox.

The inlay hints show these instead of predictions when the user turned verified mode on in a trusted workspace.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from .callsite import assignment_lines, prompt_code
from .sandboxed_trace import trace_call_sandboxed


@dataclass
class LiveValues:
    """(0-based document line, "x = 3") after assignment lines, and the call's real result or error."""

    lines: list[tuple[int, str]]
    result: str | None
    error: str | None
    return_line: int | None  # 0-based document line of the return statement that ended the call


def live_values(source: str, function: str, call: str, timeout_s: float = 2.0) -> LiveValues:
    """Run `call` (on the minimal code `function` needs) in the sandbox under the tracer."""
    pc = prompt_code(source, function)
    if pc is None:
        return LiveValues([], None, f"{function} is not defined at the top level of the file", None)
    trace = trace_call_sandboxed(pc.code, call, timeout_s=timeout_s)
    assigned = assignment_lines(pc.code, function)
    frame = [s for s in trace.steps if s.depth == 0]
    last: dict[int, str] = {}
    for before, after in itertools.pairwise(frame):
        names = [n for n in assigned.get(before.line, []) if n in after.changes]
        if names:
            last[before.line] = ", ".join(f"{n} = {after.changes[n]}" for n in names)
    to_doc = lambda line: pc.line_map[line - 1] if 0 < line <= len(pc.line_map) else None
    ret = next((to_doc(s.line) for s in reversed(frame) if s.event == "return"), None)
    lines = [(to_doc(line), text) for line, text in sorted(last.items()) if to_doc(line) is not None]
    return LiveValues(lines, trace.result, trace.error, ret)
