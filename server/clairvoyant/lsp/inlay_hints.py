"""Inlay hints: values after the assignment lines of a function, for an example call.

The example call comes from the function's doctest (``>>> f(...)``) or from a call in the same file. Labels are
predictions (`⇒ x = 3`), shown only when the prediction of the call is confident (`prediction.minConfidence`), or,
in verified mode (trusted workspaces), the actual values of a traced sandbox run (`ran: x = 3`). The tooltip
(which call, predicted or run) is filled in by ``inlayHint/resolve``.
"""

from __future__ import annotations

import ast

from lsprotocol import types

from ..errors import CannotPredict, EndpointError
from ..runtime import ModelError
from .documents import PYTHON, Snapshot
from .hover import is_confident, predictions, predictor, verified_mode
from .server import ClairvoyantServer, DocumentTooLarge

PREDICTED, LIVE = "⇒ ", "ran: "


def _functions_in(text: str, first: int, last: int) -> list[ast.FunctionDef]:
    """Top-level and nested function definitions overlapping lines first..last (0-based)."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return []
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))
        and node.lineno - 1 <= last
        and (node.end_lineno or node.lineno) - 1 >= first
    ]


def _return_line(fn: ast.FunctionDef) -> int | None:
    """0-based line of the function's only return statement, when it has exactly one (on one line)."""
    returns = [n for n in ast.walk(fn) if isinstance(n, ast.Return)]
    return returns[0].lineno - 1 if len(returns) == 1 and returns[0].lineno == returns[0].end_lineno else None


def _predicted(ls: ClairvoyantServer, text: str, fn: ast.FunctionDef, call: str) -> list[tuple[int, str]]:
    """Predicted values, only when the prediction of the call is confident."""
    pred = predictions(ls).get(text, call)
    if not is_confident(ls, pred):
        return []
    values = predictor(ls, background=True).line_values(text, fn.name, call) if pred.backend == "onnx" else []
    ret = _return_line(fn)
    if ret is not None and ret not in {line for line, _ in values}:
        values.append((ret, f"return {pred.value}"))
    return values


def _live(ls: ClairvoyantServer, text: str, fn: ast.FunctionDef, call: str) -> list[tuple[int, str]]:
    """Actual values from a traced sandbox run (cached by the function's code and the call)."""
    from ..execution.callsite import prompt_code
    from ..execution.live_values import live_values

    code = prompt_code(text, fn.name)
    key = (code.code if code else text, call, ls.settings.prediction.timeout_s)
    cache = ls.engine("live-values", dict)
    if key not in cache:
        if len(cache) > 128:
            cache.clear()
        cache[key] = live_values(text, fn.name, call, timeout_s=ls.settings.prediction.timeout_s)
    live = cache[key]
    values = list(live.lines)
    ret = _return_line(fn)
    if ret is not None and ret not in {line for line, _ in values}:
        values.append((ret, f"return {live.result}" if live.error is None else f"raises {live.error}"))
    return values


def hints(ls: ClairvoyantServer, snap: Snapshot, first: int, last: int) -> list[types.InlayHint]:
    """Hints for the functions in the requested lines (runs on a worker thread)."""
    from ..execution.callsite import example_calls

    settings = ls.settings.prediction
    if not (settings.enabled and settings.inlay_hints):
        return []
    functions = _functions_in(snap.text, first, last)
    if not functions:
        return []
    calls = example_calls(snap.text)
    lines = snap.text.splitlines()
    live = verified_mode(ls)
    out = []
    for fn in functions:
        call = calls.get(fn.name)
        if not call:
            continue
        try:
            values = _live(ls, snap.text, fn, call) if live else _predicted(ls, snap.text, fn, call)
        except CannotPredict:
            continue  # the hover explains why
        except (ModelError, EndpointError) as exc:
            ls.tell_user(f"Clairvoyant: output prediction is unavailable: {exc}", types.MessageType.Error)
            return []
        for line, label in values:
            if not (first <= line <= last) or line >= len(lines):
                continue
            out.append(
                types.InlayHint(
                    position=snap.to_client(line, len(lines[line].rstrip())),
                    label=(LIVE if live else PREDICTED) + label,
                    kind=types.InlayHintKind.Type,
                    padding_left=True,
                    data={"call": call, "function": fn.name, "live": live},
                )
            )
    return out


def register(server: ClairvoyantServer) -> None:
    @server.feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=True))
    async def inlay_hint(ls: ClairvoyantServer, params: types.InlayHintParams) -> list[types.InlayHint] | None:
        try:
            snap = ls.snapshot(params.text_document.uri)
        except DocumentTooLarge:
            return None
        if snap.language != PYTHON:
            return None
        first, _ = snap.to_server(params.range.start)
        last, _ = snap.to_server(params.range.end)
        result = await ls.offload(hints, ls, snap, first, last)
        ls.ensure_current(snap)
        return result

    @server.feature(types.INLAY_HINT_RESOLVE)
    def inlay_hint_resolve(ls: ClairvoyantServer, hint: types.InlayHint) -> types.InlayHint:
        data = hint.data or {}
        if data.get("call"):
            model = ls.settings.prediction.model
            text = (f"Actual value from a sandboxed run of the example call `{data['call']}` (verified mode)"
                    if data.get("live") else f"Predicted by `{model}` for the example call `{data['call']}` "
                    "(not executed)")  # fmt: skip
            hint.tooltip = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
        return hint
