"""Trace untrusted code: `tracer.trace_call` run inside the sandbox, the trace sent back as JSON."""

from __future__ import annotations

import json
from pathlib import Path

from ..sandbox import Purpose, run_python
from . import tracer

_MARK = "@@clairvoyant-trace@@"
_DRIVER = """
import json, _cv_tracer
t = _cv_tracer.trace_call({source!r}, {call!r}, mode={mode!r}, max_steps={max_steps!r}, timeout_s={inner!r})
print({mark!r} + json.dumps(t.to_dict()))
"""


def trace_call_sandboxed(source: str, call: str, *, mode: str = "line", max_steps: int = tracer.MAX_STEPS,
                         timeout_s: float = 2.0, memory_mb: int = 512, purpose: Purpose = "user") -> tracer.Trace:  # fmt: skip
    """Like `tracer.trace_call`, in a sandboxed subprocess; a killed or crashed run becomes `Trace.error`.

    `purpose="generated"` (the project's own generated programs) may run without bubblewrap; user code may not."""
    driver = _DRIVER.format(source=source, call=call, mode=mode, max_steps=max_steps, inner=max(0.1, timeout_s * 0.5),
                            mark=_MARK)  # fmt: skip
    files = {"_cv_tracer.py": Path(tracer.__file__).read_text(encoding="utf-8")}
    res = run_python(driver, timeout_s=timeout_s, memory_mb=memory_mb, max_output=8 << 20, files=files,
                     purpose=purpose)
    at = res.stdout.rfind(_MARK)
    if at < 0:
        return tracer.Trace(call, [], None, res.error or "sandbox run failed", False)
    return tracer.Trace.from_dict(json.loads(res.stdout[at + len(_MARK) :]))
