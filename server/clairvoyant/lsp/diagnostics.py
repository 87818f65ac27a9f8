"""Published diagnostics: Python syntax errors, IR that does not parse or verify, optional transform hints."""

from __future__ import annotations

import ast
import warnings

from lsprotocol import types

from .documents import PYTHON, Snapshot
from .engines import Engines

SOURCE = "clairvoyant"


def _point(snap: Snapshot, line: int, col: int, message: str, severity, code: str) -> types.Diagnostic:
    line = max(0, line)
    start = snap.to_client(line, max(0, col))
    end = snap.to_client(line, max(0, col) + 1)
    return types.Diagnostic(
        range=types.Range(start=start, end=end), message=message, severity=severity, source=SOURCE, code=code
    )


def python_diagnostics(engines: Engines, snap: Snapshot) -> list[types.Diagnostic]:
    """A syntax error (the other features are off until it is fixed) and, when enabled, where transforms apply."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(snap.text, filename=snap.uri)
    except SyntaxError as exc:
        message = f"Python syntax error: {exc.msg}; Clairvoyant predictions and quick fixes wait until it parses"
        return [_point(snap, (exc.lineno or 1) - 1, (exc.offset or 1) - 1, message,
                       types.DiagnosticSeverity.Error, "syntax-error")]
    except (ValueError, RecursionError, MemoryError) as exc:
        return [_point(snap, 0, 0, f"Cannot parse this file as Python: {exc}", types.DiagnosticSeverity.Error,
                       "unparsable")]
    settings = engines.settings.transforms
    if not settings.hint_diagnostics or not settings.enabled:
        return []
    diagnostics = []
    for app in engines.transforms.find_applications(snap.text):
        diagnostics.append(
            types.Diagnostic(
                range=snap.range(app.start, app.end),
                message=f"{app.title} (Clairvoyant quick fix available)",
                severity=types.DiagnosticSeverity.Hint,
                source=SOURCE,
                code=app.transform,
            )
        )
    return diagnostics


def llvm_diagnostics(engines: Engines, snap: Snapshot) -> list[types.Diagnostic]:
    """IR that does not parse or verify, at the line LLVM reports."""
    return [
        _point(snap, err.line if err.line is not None else 0, 0, f"LLVM: {err.message}",
               types.DiagnosticSeverity.Error, "llvm-ir")
        for err in engines.llvm.check(snap.text)
    ]


def diagnostics(engines: Engines, snap: Snapshot) -> types.PublishDiagnosticsParams:
    """What to publish for this version of the document."""
    if snap.language == PYTHON:
        found = python_diagnostics(engines, snap)
    else:
        found = llvm_diagnostics(engines, snap) if engines.settings.llvm.enabled else []
    return types.PublishDiagnosticsParams(uri=snap.uri, version=snap.version, diagnostics=found)
