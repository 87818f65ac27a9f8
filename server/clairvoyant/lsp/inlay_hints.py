"""Inlay hints: predicted values after the assignment lines of a function, for an example call.

The example call comes from the function's doctest (``>>> f(...)``) or from a call in the same file. Labels are the
predictions; the tooltip (which call, which model) is filled in by ``inlayHint/resolve``.
"""

from __future__ import annotations

import ast

from lsprotocol import types

from ..runtime import ModelError
from .documents import PYTHON, Snapshot
from .hover import predictions, predictor
from .server import ClairvoyantServer, DocumentTooLarge


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


def _return_values(ls: ClairvoyantServer, text: str, fn: ast.FunctionDef, call: str, taken: set[int]):
    """``return <predicted value>`` after the function's return statement, when it has exactly one (on one line)."""
    returns = [n for n in ast.walk(fn) if isinstance(n, ast.Return)]
    if len(returns) != 1 or returns[0].lineno != returns[0].end_lineno or returns[0].lineno - 1 in taken:
        return []
    value = predictions(ls).get(text, call).value
    return [(returns[0].lineno - 1, f"return {value}")]


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
    out = []
    for fn in functions:
        call = calls.get(fn.name)
        if not call:
            continue
        try:
            values = predictor(ls, background=True).line_values(snap.text, fn.name, call)
            values += _return_values(ls, snap.text, fn, call, {line for line, _ in values})
        except ModelError as exc:
            ls.tell_user(f"Clairvoyant: output prediction is unavailable: {exc}", types.MessageType.Error)
            return []
        for line, label in values:
            if not (first <= line <= last) or line >= len(lines):
                continue
            out.append(
                types.InlayHint(
                    position=snap.to_client(line, len(lines[line].rstrip())),
                    label=f"⇒ {label}",
                    kind=types.InlayHintKind.Type,
                    padding_left=True,
                    data={"call": call, "function": fn.name},
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
            hint.tooltip = types.MarkupContent(
                kind=types.MarkupKind.Markdown,
                value=f"Predicted by `{model}` for the example call `{data['call']}` (not executed)",
            )
        return hint
