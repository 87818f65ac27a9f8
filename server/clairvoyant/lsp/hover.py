"""Hover: the predicted value of a Python call; instruction counts of an LLVM function."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pygls.uris import to_fs_path

from ..runtime import ModelError
from .documents import LLVM, PYTHON, Snapshot
from .server import ClairvoyantServer, DocumentTooLarge

MAX_TRACE_LINES = 40


def predictor(ls: ClairvoyantServer):
    """The output predictor for the current settings (one per process and settings)."""
    from ..execution.predictor import Predictor

    s = ls.settings.prediction
    return ls.engine(
        f"predictor:{s.model}:{s.strategy}:{s.candidates}",
        lambda: Predictor(ls.registry, model_name=s.model, strategy=s.strategy, n_candidates=s.candidates),
    )


def workspace_roots(ls: ClairvoyantServer) -> list[Path]:
    """The workspace folders (and root) as paths."""
    roots = [Path(to_fs_path(folder.uri)) for folder in ls.workspace.folders.values()]
    if ls.workspace.root_path:
        roots.append(Path(ls.workspace.root_path))
    return roots


def verified_mode(ls: ClairvoyantServer) -> bool:
    """Running user code is opt-in and never happens in an untrusted workspace."""
    return ls.settings.prediction.verified_mode and ls.trusted


def _format_prediction(pred, call: str, verified: tuple[bool, str] | None) -> str:
    lines = [f"**Predicted:** `{call}` → `{pred.value}`", ""]
    others = ", ".join(f"`{v}` {c:.0%}" for v, c in pred.alternatives[:3])
    meta = f"{pred.model} · {pred.strategy} · confidence {pred.confidence:.0%}"
    if pred.alternatives:
        meta += f" · {len(pred.alternatives)} runner-up{'s' if len(pred.alternatives) > 1 else ''}: {others}"
    lines.append(f"*{meta}*")
    if verified is not None:
        ok, actual = verified
        if ok and actual == pred.value:
            lines += ["", "✓ matches the actual run (verified mode)"]
        elif ok:
            lines += ["", f"✗ actual value: `{actual}` (verified mode)"]
        else:
            lines += ["", f"⚠ the actual run failed: `{actual}` (verified mode)"]
    if pred.trace:
        trace = pred.trace[:MAX_TRACE_LINES]
        more = len(pred.trace) - len(trace)
        lines += ["", "---", "Predicted trace:", "```text", *trace]
        if more > 0:
            lines.append(f"… {more} more steps")
        lines.append("```")
    return "\n".join(lines)


def python_hover(ls: ClairvoyantServer, snap: Snapshot, line: int, col: int) -> types.Hover | None:
    """Prediction for the call under the cursor (runs on a worker thread)."""
    from ..execution.callsite import call_at
    from ..execution.imports import with_workspace_imports
    from ..execution.predictor import run_call_verified

    if not ls.settings.prediction.enabled:
        return None
    source = with_workspace_imports(snap.text, snap.path, workspace_roots(ls))
    site = call_at(source, line, col)
    if site is None:
        return None
    try:
        pred = predictor(ls).predict(source, site.call, with_trace=True)
    except ModelError as exc:
        ls.tell_user(f"Clairvoyant: output prediction is unavailable: {exc}", types.MessageType.Error)
        return types.Hover(
            contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=f"Clairvoyant: no prediction ({exc})"),
            range=snap.range(site.start, site.end),
        )
    verified = None
    if verified_mode(ls):
        verified = run_call_verified(source, site.call, timeout_s=ls.settings.prediction.timeout_s)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=_format_prediction(pred, site.call, verified)),
        range=snap.range(site.start, site.end),
    )


def llvm_hover(ls: ClairvoyantServer, snap: Snapshot, line: int) -> types.Hover | None:
    """Instruction counts of the function around the cursor."""
    from .code_lens import cached_optimization, function_counts

    functions = function_counts(ls, snap)
    here = [f for f in functions if f.line <= line]
    if not here:
        return None
    fn = max(here, key=lambda f: f.line)
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
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


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
