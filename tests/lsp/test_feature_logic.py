"""The features' logic without a server process: hover, code actions and code lens take (engines, snapshot)."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from lsprotocol import types

from clairvoyant.client import apply_edit
from clairvoyant.lsp.code_actions import code_actions, resolve_action
from clairvoyant.lsp.code_lens import lenses
from clairvoyant.lsp.hover import hover
from engines_helpers import engines_for, position, snapshot

ROOT = Path(__file__).resolve().parents[2]
DEMO = (ROOT / "examples" / "demo.py").read_text()
HAS_LLVM = shutil.which("opt-19") is not None or Path("/usr/lib/llvm-19/bin/opt").exists()
LONG = "def long(x):\n" + "".join(f"    x = x + {i} * (x - {i}) // 7 + len(str(x)) - {i}\n" for i in range(160)) + \
    "    return x\n\nprint(long(3))\n"


def hover_text(engines, text: str, needle: str, offset: int = 1) -> str | None:
    snap = snapshot(text)
    result = hover(engines, snap, types.HoverParams(text_document=types.TextDocumentIdentifier(uri=snap.uri),
                                                     position=position(text, needle, offset)))
    return result.contents.value if result else None


def test_hover_predicts_a_call_and_explains_one_it_cannot():
    engines = engines_for({"prediction": {"minConfidence": 0.0}})
    text = hover_text(engines, DEMO, "print(running_total(", 8)
    assert text.startswith("**Predicted:** `running_total([3, 1, 4, 1, 5])` → `") and "exec-predictor" in text
    assert "too long for the model" in hover_text(engines, DEMO + "\n" + LONG, "long(3)")
    assert hover_text(engines, DEMO, "print(running_total(", 1) is None, "print is not a local function"


def test_hover_not_sure_below_the_threshold():
    text = hover_text(engines_for({"prediction": {"minConfidence": 1.0}}), DEMO, "print(running_total(", 8)
    assert text.startswith("Not sure what `running_total([3, 1, 4, 1, 5])` returns")


def _actions(engines, text: str, line: int, resolve_now: bool = False):
    snap = snapshot(text)
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=snap.uri),
        range=types.Range(start=types.Position(line, 0), end=types.Position(line, 30)),
        context=types.CodeActionContext(diagnostics=[]))
    return snap, code_actions(engines, snap, params, resolve_now)


def test_code_actions_list_then_resolve_a_quick_fix():
    engines = engines_for()
    line = next(i for i, ln in enumerate(DEMO.splitlines()) if "if items == None" in ln)
    snap, actions = _actions(engines, DEMO, line)
    fix = next(a for a in actions if a.kind.startswith("refactor.rewrite") and "None" in a.title)
    assert fix.edit is None and fix.data["transform"]
    new_text = apply_edit(DEMO, resolve_action(engines, snap, fix).edit)
    assert "if items is None:" in new_text and new_text.count("\n") == DEMO.count("\n")
    _, eager = _actions(engines, DEMO, line, resolve_now=True)
    assert all(a.edit is not None for a in eager), "clients that cannot resolve get the edits at once"
    assert _actions(engines_for({"transforms": {"enabled": False}}), DEMO, line)[1] == []


@pytest.mark.skipif(not HAS_LLVM, reason="LLVM 19 is not installed (scripts/setup.sh installs it)")
def test_code_lens_counts_then_suggests_a_pipeline():
    """Counts at once; then the single suggestion ("refining…"); then the full search's result."""
    ll = next((ROOT / "examples").glob("*.ll"))
    engines = engines_for({"llvm": {"samples": 4, "timeBudgetS": 2.0}})
    snap = snapshot(ll.read_text(), ll.name)
    seen: list[str] = []
    recorded = engines.notifier.refresh_code_lens
    engines.notifier.refresh_code_lens = lambda: (seen.append(lenses(engines, snap)[0].command.title), recorded())
    first = [lens.command.title for lens in lenses(engines, snap)]
    assert first[0].startswith("Module: ") and "instructions" in first[0] and "optimizing…" in first[0]
    assert any(t.startswith("@") for t in first[1:])
    deadline = time.monotonic() + 120
    while engines.notifier.code_lens_refreshes < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert len(seen) == 2 and "suggested" in seen[0] and seen[0].endswith("refining…")
    settled = lenses(engines, snap)
    assert "suggested" in settled[0].command.title and "refining" not in settled[0].command.title
    assert settled[0].command.command in ("clairvoyant.optimizeDocument", "")
    assert engines.notifier.progress[-1][1] == 100
