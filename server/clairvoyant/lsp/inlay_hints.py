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
from .engines import Engines
from .server import ClairvoyantServer

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


def _predicted(engines: Engines, text: str, fn: ast.FunctionDef, call: str) -> list[tuple[int, str]]:
    """Predicted values, only when the prediction of the call is confident."""
    predictions = engines.predictions
    pred = predictions.get(text, call)
    if not predictions.is_confident(pred):
        return []
    values = predictions.predictor(background=True).line_values(text, fn.name, call) if pred.backend == "onnx" else []
    ret = _return_line(fn)
    if ret is not None and ret not in {line for line, _ in values}:
        values.append((ret, f"return {pred.value}"))
    return values


def _live(engines: Engines, text: str, fn: ast.FunctionDef, call: str) -> list[tuple[int, str]]:
    """Actual values from a traced sandbox run."""
    live = engines.live_values.get(text, fn.name, call)
    values = list(live.lines)
    ret = _return_line(fn)
    if ret is not None and ret not in {line for line, _ in values}:
        values.append((ret, f"return {live.result}" if live.error is None else f"raises {live.error}"))
    return values


def hints(engines: Engines, snap: Snapshot, params: types.InlayHintParams) -> list[types.InlayHint]:
    """textDocument/inlayHint: hints for the functions in the requested lines."""
    from ..execution.callsite import example_calls

    settings = engines.settings.prediction
    if not (settings.enabled and settings.inlay_hints):
        return []
    first, _ = snap.to_server(params.range.start)
    last, _ = snap.to_server(params.range.end)
    functions = _functions_in(snap.text, first, last)
    if not functions:
        return []
    calls = example_calls(snap.text)
    lines = snap.text.splitlines()
    live = engines.verified
    out = []
    for fn in functions:
        call = calls.get(fn.name)
        if not call:
            continue
        try:
            values = _live(engines, snap.text, fn, call) if live else _predicted(engines, snap.text, fn, call)
        except CannotPredict:
            continue  # the hover explains why
        except (ModelError, EndpointError) as exc:
            engines.notifier.tell_user(f"Clairvoyant: output prediction is unavailable: {exc}", types.MessageType.Error)
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


def resolve(engines: Engines, hint: types.InlayHint) -> types.InlayHint:
    """inlayHint/resolve: the tooltip says which call the values are for, and whether they were predicted or run."""
    data = hint.data or {}
    if data.get("call"):
        text = (f"Actual value from a sandboxed run of the example call `{data['call']}` (verified mode)"
                if data.get("live") else f"Predicted by `{engines.settings.prediction.model}` for the example call "
                f"`{data['call']}` (not executed)")  # fmt: skip
        hint.tooltip = types.MarkupContent(kind=types.MarkupKind.Markdown, value=text)
    return hint


def register(server: ClairvoyantServer) -> None:
    server.document_feature(types.TEXT_DOCUMENT_INLAY_HINT, types.InlayHintOptions(resolve_provider=True),
                            languages=(PYTHON,))(hints)  # fmt: skip

    @server.feature(types.INLAY_HINT_RESOLVE)
    def inlay_hint_resolve(ls: ClairvoyantServer, hint: types.InlayHint) -> types.InlayHint:
        return resolve(ls.engines, hint)
