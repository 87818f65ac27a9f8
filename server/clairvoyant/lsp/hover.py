"""Hover: the predicted value of a Python call; instruction counts of an LLVM function."""

from __future__ import annotations

import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from ..errors import CannotPredict, EndpointError
from ..runtime import ModelError
from .documents import LLVM, PYTHON, Snapshot
from .server import ClairvoyantServer, DocumentTooLarge

MAX_TRACE_LINES = 40


TRACE_BUDGET_MS = {False: 50.0, True: 1000.0}  # hover (interactive) / background trace rollouts
ENDPOINT_TIMEOUT_S = 20.0  # an external model answering a hover


def predictor(ls: ClairvoyantServer, background: bool = False):
    """The output predictor for the current settings (one per process and settings); ``background`` ones may take
    longer over trace rollouts."""
    from ..execution.backends import make_predictor

    s = ls.settings.prediction
    return ls.engine(
        f"predictor:{s.backend}:{s.url}:{s.model}:{s.strategy}:{s.candidates}:{background}",
        lambda: make_predictor(ls.registry, backend=s.backend, model=s.model, strategy=s.strategy,
                               candidates=s.candidates, url=s.url, api_key_env=s.api_key_env,
                               timeout_s=ENDPOINT_TIMEOUT_S, trace_budget_ms=TRACE_BUDGET_MS[background]),
    )  # fmt: skip


def workspace_roots(ls: ClairvoyantServer) -> list[Path]:
    """The workspace folders (and root) as paths."""
    roots = [Path(to_fs_path(folder.uri)) for folder in ls.workspace.folders.values()]
    if ls.workspace.root_path:
        roots.append(Path(ls.workspace.root_path))
    return roots


class PredictionCache:
    """Predictions keyed by the callee's code and the call, so typing elsewhere in the file keeps hovers instant.

    The first hover answers without the trace (fast); the trace is rolled out in the background and shown from the
    second hover on.
    """

    SIZE = 256

    def __init__(self, ls: ClairvoyantServer):
        self.ls = ls
        self.entries: OrderedDict = OrderedDict()
        self.lock = threading.Lock()
        self.background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clairvoyant-trace")

    def _key(self, source: str, call: str) -> tuple:
        from ..execution.callsite import callee_name, prompt_code

        s = self.ls.settings.prediction
        code = prompt_code(source, callee_name(call))
        return (s.backend, s.url, s.model, s.strategy, s.candidates, code.code if code else source, call)

    def get(self, source: str, call: str):
        key = self._key(source, call)
        with self.lock:
            if key in self.entries:
                self.entries.move_to_end(key)
                return self.entries[key]
        pred = predictor(self.ls).predict(source, call, with_trace=False)
        self._put(key, pred)
        if pred.backend == "onnx":
            self.background.submit(self._with_trace, key, source, call)
        return pred

    def _with_trace(self, key: tuple, source: str, call: str) -> None:
        try:
            self._put(key, predictor(self.ls, background=True).predict(source, call, with_trace=True))
        except Exception as exc:  # noqa: BLE001 - the hover without a trace stays (a background thread)
            self.ls.log_message(f"trace rollout for {call} failed: {exc}", types.MessageType.Warning)

    def _put(self, key: tuple, pred) -> None:
        with self.lock:
            old = self.entries.get(key)
            if old is not None and old.trace and not pred.trace:
                return
            self.entries[key] = pred
            self.entries.move_to_end(key)
            while len(self.entries) > self.SIZE:
                self.entries.popitem(last=False)


def predictions(ls: ClairvoyantServer) -> PredictionCache:
    return ls.engine("prediction-cache", lambda: PredictionCache(ls))


def verified_mode(ls: ClairvoyantServer) -> bool:
    """Running user code is opt-in and never happens in an untrusted workspace."""
    return ls.settings.prediction.verified_mode and ls.trusted


def _pct(value: float) -> str:
    return "<1%" if value < 0.005 else f"{value:.0%}"


def is_confident(ls: ClairvoyantServer, pred) -> bool:
    """The prediction may be shown as a value: it is complete and at or above `prediction.minConfidence` (a
    backend that reports no confidence is shown as such, labelled)."""
    if not pred.value:
        return False
    return pred.confidence is None or pred.confidence >= ls.settings.prediction.min_confidence


def _guesses(pred) -> str:
    shown = ([(pred.value, pred.confidence)] if pred.value else []) + pred.alternatives[:2]
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
                 f"*{source} · below the {_pct(threshold)} confidence threshold (`prediction.minConfidence`); "
                 "nothing was run*"]  # fmt: skip
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


def python_hover(ls: ClairvoyantServer, snap: Snapshot, line: int, col: int) -> types.Hover | None:
    """Prediction for the call under the cursor (runs on a worker thread); a call that cannot be predicted gets a
    hover that says why."""
    from ..execution.callsite import call_at, call_problem
    from ..execution.imports import with_workspace_imports
    from ..execution.predictor import run_call_verified
    from ..execution.values import same_value

    if not ls.settings.prediction.enabled:
        return None
    source = with_workspace_imports(snap.text, snap.path, workspace_roots(ls))
    site = call_at(source, line, col)
    if site is None:
        problem = call_problem(source, line, col)
        if problem is None:
            return None
        return _markdown(snap, problem.start, problem.end,
                         f"Clairvoyant cannot predict `{problem.text}`: {problem.reason}.")
    try:
        pred = predictions(ls).get(source, site.call)
    except CannotPredict as exc:
        return _markdown(snap, site.start, site.end, f"Clairvoyant cannot predict `{site.call}`: {exc}.")
    except (ModelError, EndpointError) as exc:
        ls.tell_user(f"Clairvoyant: output prediction is unavailable: {exc}", types.MessageType.Error)
        return _markdown(snap, site.start, site.end, f"Clairvoyant: no prediction ({exc})")
    verified, same = None, False
    if verified_mode(ls):
        verified = run_call_verified(source, site.call, timeout_s=ls.settings.prediction.timeout_s)
        same = verified[0] and bool(pred.value) and same_value(pred.value, verified[1])
    text = format_prediction(pred, site.call, is_confident(ls, pred), ls.settings.prediction.min_confidence,
                             verified, same)  # fmt: skip
    return _markdown(snap, site.start, site.end, text)


def llvm_hover(ls: ClairvoyantServer, snap: Snapshot, line: int) -> types.Hover | None:
    """Instruction counts of the function around the cursor."""
    from ..llvm.syntax import function_at
    from .code_lens import cached_optimization, function_counts

    enclosing = function_at(snap.text, line)
    if enclosing is None:
        return None
    fn = next((f for f in function_counts(ls, snap) if f.name == enclosing.name), None)
    if fn is None:
        return None
    text = f"**@{fn.name}**: {fn.instructions} instructions"
    result = cached_optimization(ls, snap)
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
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text),
                       range=snap.range((enclosing.start_line, 0), (enclosing.end_line + 1, 0)))


def register(server: ClairvoyantServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_HOVER)
    async def hover(ls: ClairvoyantServer, params: types.HoverParams) -> types.Hover | None:
        try:
            snap = ls.snapshot(params.text_document.uri)
        except DocumentTooLarge as exc:
            ls.tell_user(str(exc), types.MessageType.Info)
            return None
        line, col = snap.to_server(params.position)
        if snap.language == PYTHON:
            result = await ls.offload(python_hover, ls, snap, line, col)
        elif snap.language == LLVM and ls.settings.llvm.enabled:
            result = await ls.offload(llvm_hover, ls, snap, line)
        else:
            return None
        ls.ensure_current(snap)
        return result
