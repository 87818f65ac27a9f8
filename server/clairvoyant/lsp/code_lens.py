"""Code lens for LLVM IR: ``N instructions · -Oz M · suggested K (−x% vs -Oz)`` per module and function.

Counting is quick and done on request; the suggested pipeline is computed in the background (one job per distinct
content, with progress), cached by content, and the lenses are refreshed when it is ready.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor

from lsprotocol import types

from .documents import LLVM, Snapshot
from .server import ClairvoyantServer, DocumentTooLarge

CACHE_SIZE = 32


class _LruCache(OrderedDict):
    def put(self, key, value) -> None:
        self[key] = value
        self.move_to_end(key)
        while len(self) > CACHE_SIZE:
            self.popitem(last=False)


class LlvmAnalysis:
    """Per-server cache of counts and optimisation results keyed by the IR's sha256."""

    def __init__(self) -> None:
        self.counts = _LruCache()
        self.results = _LruCache()
        self.errors: dict[str, str] = {}
        self.running: set[str] = set()
        self.lock = threading.Lock()
        self.background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="clairvoyant-llvm")


def _key(snap: Snapshot) -> str:
    return hashlib.sha256(snap.text.encode("utf-8", "surrogatepass")).hexdigest()


def _analysis(ls: ClairvoyantServer) -> LlvmAnalysis:
    return ls.engine("llvm-analysis", LlvmAnalysis)



def function_counts(ls: ClairvoyantServer, snap: Snapshot) -> list:
    """Instruction counts per function (cached by content); [] for IR that does not parse."""
    from ..llvm.optimizer import IRError, count_instructions

    analysis, key = _analysis(ls), _key(snap)
    with analysis.lock:
        if key in analysis.counts:
            return analysis.counts[key]
    try:
        _, functions = count_instructions(snap.text)
    except IRError:
        functions = []
    with analysis.lock:
        analysis.counts.put(key, functions)
    return functions


def optimization(ls: ClairvoyantServer, snap: Snapshot):
    """The optimisation result for this content, computing it now if needed (worker threads only)."""
    from ..llvm.optimizer import optimize

    analysis, key = _analysis(ls), _key(snap)
    with analysis.lock:
        if key in analysis.results:
            return analysis.results[key]
    s = ls.settings.llvm
    result = optimize(snap.text, samples=s.samples, time_budget_s=s.time_budget_s, registry=ls.registry)
    with analysis.lock:
        analysis.results.put(key, result)
    return result


def cached_optimization(ls: ClairvoyantServer, snap: Snapshot):
    """The cached result, or None after starting the background job that will compute it."""
    analysis, key = _analysis(ls), _key(snap)
    with analysis.lock:
        if key in analysis.results:
            return analysis.results[key]
        if key in analysis.running or key in analysis.errors:
            return None
        analysis.running.add(key)
    analysis.background.submit(_optimize_in_background, ls, snap, key)
    return None


def _optimize_in_background(ls: ClairvoyantServer, snap: Snapshot, key: str) -> None:
    analysis = _analysis(ls)
    token = f"clairvoyant-optimize-{key[:12]}"
    name = snap.uri.rsplit("/", 1)[-1]
    ls.report_progress(token, f"Optimizing {name}", "sampling and verifying pass pipelines", 0)
    try:
        result = optimization(ls, snap)
        ls.report_progress(token, "", f"{result.suggested_count} instructions (-Oz {result.oz_count})", 100)
        ls.log_message(f"{name}: suggested pipeline {result.pipeline!r}: {result.suggested_count} instructions, "
                       f"-Oz {result.oz_count}, {result.compilations} compilations in {result.seconds:.2f}s")
    except Exception as exc:  # noqa: BLE001 - shown to the user, the server keeps serving
        with analysis.lock:
            analysis.errors[key] = str(exc)
        ls.report_progress(token, "", f"failed: {exc}", 100)
        ls.tell_user(f"Clairvoyant could not optimize {name}: {exc}", types.MessageType.Error)
    finally:
        with analysis.lock:
            analysis.running.discard(key)
    workspace = getattr(ls.client_capabilities, "workspace", None)
    if getattr(getattr(workspace, "code_lens", None), "refresh_support", False):
        ls.call_in_loop(lambda: ls.workspace_code_lens_refresh(None))


def _pct(oz: int, ours: int) -> str:
    if not oz:
        return ""
    gain = (oz - ours) / oz * 100
    return f" ({-gain:+.1f}% vs -Oz)" if gain else " (= -Oz)"


def _label(instructions: int, oz: int | None, suggested: int | None, pending: bool) -> str:
    text = f"{instructions} instructions"
    if oz is not None:
        text += f" · -Oz {oz}"
    if suggested is not None and oz is not None:
        text += f" · suggested {suggested}{_pct(oz, suggested)}"
    elif pending:
        text += " · optimizing…"
    return text


def lenses(ls: ClairvoyantServer, snap: Snapshot) -> list[types.CodeLens]:
    """A lens for the module (line 0) and one per function definition."""
    functions = function_counts(ls, snap)
    if not functions:
        return []
    result = cached_optimization(ls, snap)
    pending = result is None
    by_name = {f.name: f for f in result.functions} if result else {}
    total = sum(f.instructions for f in functions)
    module_label = _label(total, result.oz_count if result else None,
                          result.suggested_count if result else None, pending)
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
    @server.feature(types.TEXT_DOCUMENT_CODE_LENS, types.CodeLensOptions(resolve_provider=False))
    async def code_lens(ls: ClairvoyantServer, params: types.CodeLensParams) -> list[types.CodeLens] | None:
        try:
            snap = ls.snapshot(params.text_document.uri)
        except DocumentTooLarge as exc:
            ls.tell_user(str(exc), types.MessageType.Info)
            return None
        if snap.language != LLVM or not ls.settings.llvm.enabled:
            return None
        result = await ls.offload(lenses, ls, snap)
        ls.ensure_current(snap)
        return result
