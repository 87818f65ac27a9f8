"""Emacs end to end: real Emacs in batch mode with eglot and editors/emacs/clairvoyant.el (emacs_check.el drives it):
the server starts for Python and for LLVM IR, hover and code actions answer, and clairvoyant.el's commands reach it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from editor_env import (
    HOVER_COL,
    HOVER_LINE,
    NONE_LINE,
    PREDICTION,
    QUICK_FIX,
    ROOT,
    isolated_env,
    make_workspace,
    server_command,
    tail,
)

pytestmark = pytest.mark.e2e
DRIVER = Path(__file__).parent / "emacs_check.el"


def _emacs_with_eglot() -> str | None:
    emacs = shutil.which("emacs")
    if not emacs:
        return None
    probe = subprocess.run([emacs, "--batch", "--eval", "(progn (package-initialize) (require 'eglot))"],
                           capture_output=True, timeout=60, check=False)
    return emacs if probe.returncode == 0 else None


@pytest.fixture(scope="module")
def emacs(tmp_path_factory):
    binary = _emacs_with_eglot()
    if not binary:
        pytest.skip("Emacs with eglot is not installed (apt-get install emacs-nox elpa-eglot)")
    tmp = tmp_path_factory.mktemp("emacs")
    workspace = make_workspace(tmp / "workspace")
    log, out = tmp / "server.log", tmp / "out.json"
    command = " ".join(json.dumps(part) for part in server_command(log))
    setup = f"(setq cv-command (list {command}) cv-out {json.dumps(str(out))})"
    specs = [f"{workspace / 'sumsq.ll'}:0:20:0", f"{workspace / 'demo.py'}:{HOVER_LINE}:{HOVER_COL}:{NONE_LINE}"]
    env = {**os.environ, **isolated_env(tmp / "home")}
    run = subprocess.run([binary, "--batch", "-L", str(ROOT / "editors" / "emacs"), "--eval", setup, "-l", str(DRIVER),
                          *specs], capture_output=True, text=True, timeout=300, env=env, check=False)
    assert out.exists(), f"emacs wrote nothing (rc {run.returncode}):\n{run.stderr[-3000:]}\n{tail(log)}"
    results = {Path(r["file"]).name: r for r in json.loads(out.read_text())}
    results["log"] = log
    return results


def test_llvm_buffer_gets_the_mode_the_server_and_a_hover(emacs):
    ll = emacs["sumsq.ll"]
    assert ll["mode"] == "clairvoyant-llvm-mode" and ll["server"] == "eglot-clairvoyant", ll
    assert re.search(r"\*\*@square\*\*: \d+ instructions", ll["hover"]), f"{ll}\n{tail(emacs['log'])}"
    assert ll["status"]["trusted"] is True, "clairvoyant-trusted reaches the server as initializationOptions"


def test_python_hover_and_quick_fixes(emacs):
    py = emacs["demo.py"]
    assert py["mode"] == "python-mode" and py["server"] == "eglot-clairvoyant", py
    assert any(re.search(QUICK_FIX, title) for title in py["actions"]), f"{py}\n{tail(emacs['log'])}"
    assert re.search(PREDICTION, py["hover"]), f"{py['hover']}\n{tail(emacs['log'])}"
