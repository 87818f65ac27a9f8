"""Hover: the predicted value of a Python call; instruction counts of an LLVM function."""

from __future__ import annotations

from lsprotocol import types

from ..errors import CannotPredict, EndpointError
from ..runtime import ModelError
from .documents import LLVM, PYTHON, Snapshot
from .engines import Engines
from .server import ClairvoyantServer

MAX_TRACE_LINES = 40


def _pct(value: float) -> str:
    return "<1%" if value < 0.005 else f"{value:.0%}"


def _guesses(pred) -> str:
    """The value and its runner-ups, most likely first."""
    shown = ([(pred.value, pred.confidence)] if pred.value else []) + pred.alternatives[:2]
    shown.sort(key=lambda vc: -(vc[1] or 0.0))
    return ", ".join(f"`{v}`" + (f" {_pct(c)}" if c is not None else "") for v, c in shown)


def format_prediction(pred, call: str, confident: bool, threshold: float, verified: tuple[bool, str] | None,
                      same: bool = False) -> str:  # fmt: skip
    """The hover's Markdown: a bold prediction only when confident, else an honest "not sure" with the top guesses;
    the actual value beside it in verified mode (``same``: it equals the prediction)."""
    conf = "confidence not reported" if pred.confidence is None else \
        f"confidence {_pct(pred.confidence)}" + ("" if pred.calibrated or pred.backend != "onnx" else " (uncalibrated)")
    source = f"{pred.model} · {pred.strategy}" + (" · external model" if pred.backend != "onnx" else "")
    if confident:
        lines = [f"**Predicted:** `{call}` → `{pred.value}`", ""]
        meta = f"{source} · {conf}"
        if pred.alternatives:
            others = ", ".join(f"`{v}`" + (f" {_pct(c)}" if c is not None else "") for v, c in pred.alternatives[:3])
            meta += f" · runner-up{'s' if len(pred.alternatives) > 1 else ''}: {others}"
        lines.append(f"*{meta}*")
    else:
        guesses = _guesses(pred)
        lines = [f"Not sure what `{call}` returns" + (f" — top guesses: {guesses}" if guesses else "."), "",
                 (f"*{source} · below the {_pct(threshold)} confidence threshold (`prediction.minConfidence`); "
                  "nothing was run*")]  # fmt: skip
    if verified is not None:
        ok, actual = verified
        if not ok:
            lines += ["", f"⚠ **Actual run failed:** `{actual}` (verified mode)"]
        elif same:
            lines += ["", f"✓ **Actual:** `{actual}` — the prediction is right (verified mode)"]
        else:
            lines += ["", f"**Actual:** `{actual}` (verified mode; {'the prediction differs' if pred.value else 'no prediction'})"]
    if confident and pred.trace is None and pred.backend == "onnx":
        lines += ["", "*Hover again for the predicted trace.*"]
    elif confident and pred.trace:
        trace = pred.trace[:MAX_TRACE_LINES]
        more = len(pred.trace) - len(trace)
        lines += ["", "---", "Predicted trace:", "```text", *trace]
        if more > 0:
            lines.append(f"… {more} more steps")
        lines.append("```")
    return "\n".join(lines)


def _markdown(snap: Snapshot, start, end, text: str) -> types.Hover:
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=snap.range(start, end))  # fmt: skip


def python_hover(engines: Engines, snap: Snapshot, line: int, col: int) -> types.Hover | None:
    """Prediction for the call under the cursor; a call that cannot be predicted gets a hover that says why."""
    from ..execution.callsite import call_at, call_problem
    from ..execution.imports import with_workspace_imports
    from ..execution.predictor import run_call_verified
    from ..execution.values import same_value

    settings = engines.settings.prediction
    if not settings.enabled:
        return None
    source = with_workspace_imports(snap.text, snap.path, engines.workspace.roots)
    site = call_at(source, line, col)
    if site is None:
        problem = call_problem(source, line, col)
        if problem is None:
            return None
        return _markdown(snap, problem.start, problem.end,
                         f"Clairvoyant cannot predict `{problem.text}`: {problem.reason}.")
    try:
        pred = engines.predictions.get(source, site.call)
    except CannotPredict as exc:
        return _markdown(snap, site.start, site.end, f"Clairvoyant cannot predict `{site.call}`: {exc}.")
    except (ModelError, EndpointError) as exc:
        engines.notifier.tell_user(f"Clairvoyant: output prediction is unavailable: {exc}", types.MessageType.Error)
        return _markdown(snap, site.start, site.end, f"Clairvoyant: no prediction ({exc})")
    verified, same = None, False
    if engines.verified:
        verified = run_call_verified(source, site.call, timeout_s=settings.timeout_s)
        same = verified[0] and bool(pred.value) and same_value(pred.value, verified[1])
    text = format_prediction(pred, site.call, engines.predictions.is_confident(pred), settings.min_confidence,
                             verified, same)  # fmt: skip
    return _markdown(snap, site.start, site.end, text)


def llvm_hover(engines: Engines, snap: Snapshot, line: int) -> types.Hover | None:
    """Instruction counts of the function around the cursor."""
    from ..llvm.syntax import function_at

    enclosing = function_at(snap.text, line)
    if enclosing is None:
        return None
    fn = next((f for f in engines.llvm.function_counts(snap.text) if f.name == enclosing.name), None)
    if fn is None:
        return None
    text = f"**@{fn.name}**: {fn.instructions} instructions"
    result = engines.llvm.cached_optimization(snap.text, snap.name)
    if result is not None:
        match = next((f for f in result.functions if f.name == fn.name), None)
        if match is not None and match.oz is not None:
            text += f" · -Oz {match.oz}"
        if match is not None and match.suggested is not None:
            text += f" · suggested {match.suggested}"
        text += f"\n\nModule: {result.input_count} → -Oz {result.oz_count} → suggested {result.suggested_count}"
        text += f"\n\nPipeline: `{result.pipeline}`"
    else:
        text += "\n\n*(the suggested pipeline is still being computed)*"
    return _markdown(snap, (enclosing.start_line, 0), (enclosing.end_line + 1, 0), text)


def hover(engines: Engines, snap: Snapshot, params: types.HoverParams) -> types.Hover | None:
    """textDocument/hover: a prediction (Python) or instruction counts (LLVM IR)."""
    line, col = snap.to_server(params.position)
    if snap.language == PYTHON:
        return python_hover(engines, snap, line, col)
    return llvm_hover(engines, snap, line) if engines.settings.llvm.enabled else None


def register(server: ClairvoyantServer) -> None:
    server.document_feature(types.TEXT_DOCUMENT_HOVER, languages=(PYTHON, LLVM))(hover)
