"""Code lens for LLVM IR: ``N instructions · -Oz M · suggested K (−x% vs -Oz)`` per module and function.

Counting is quick and done on request; the suggested pipeline is computed in the background (one job per distinct
content, with progress), cached by content, and the lenses are refreshed twice: when the ranker's single suggestion
has been compiled (shown with "refining…") and when the full search is done.
"""

from __future__ import annotations

from lsprotocol import types

from .documents import LLVM, Snapshot
from .engines import Engines
from .server import ClairvoyantServer


def _pct(oz: int, ours: int) -> str:
    if not oz:
        return ""
    gain = (oz - ours) / oz * 100
    return f" ({-gain:+.1f}% vs -Oz)" if gain else " (= -Oz)"


def _label(instructions: int, oz: int | None, suggested: int | None, pending: bool, refining: bool = False) -> str:
    text = f"{instructions} instructions"
    if oz is not None:
        text += f" · -Oz {oz}"
    if suggested is not None and oz is not None:
        text += f" · suggested {suggested}{_pct(oz, suggested)}" + (" · refining…" if refining else "")
    elif pending:
        text += " · optimizing…"
    return text


def lenses(engines: Engines, snap: Snapshot, params: types.CodeLensParams | None = None) -> list[types.CodeLens]:
    """textDocument/codeLens: a lens for the module (line 0) and one per function definition."""
    if not engines.settings.llvm.enabled:
        return []
    functions = engines.llvm.function_counts(snap.text)
    if not functions:
        return []
    result = engines.llvm.cached_optimization(snap.text, snap.name)
    pending = result is None
    refining = not pending and engines.llvm.refining(snap.text)
    by_name = {f.name: f for f in result.functions} if result else {}
    total = sum(f.instructions for f in functions)
    module_label = _label(total, result.oz_count if result else None,
                          result.suggested_count if result else None, pending, refining)
    out = [_lens(snap, 0, "Module: " + module_label, result)]
    for fn in functions:
        match = by_name.get(fn.name)
        label = _label(fn.instructions, match.oz if match else None, match.suggested if match else None, pending)
        out.append(_lens(snap, fn.line, f"@{fn.name}: {label}", None))
    return out


def _lens(snap: Snapshot, line: int, title: str, result) -> types.CodeLens:
    command = types.Command(title=title, command="")
    if result is not None and result.optimized_ir:
        command = types.Command(title=title, command="clairvoyant.optimizeDocument", arguments=[snap.uri])
    position = types.Position(line=line, character=0)
    return types.CodeLens(range=types.Range(start=position, end=position), command=command)


def register(server: ClairvoyantServer) -> None:
    server.document_feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False),
                            languages=(LLVM,))(lenses)  # fmt: skip
