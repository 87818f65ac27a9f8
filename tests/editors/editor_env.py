"""Shared setup of the editor end-to-end tests: a workspace with the fixtures, the server command, an isolated HOME."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"

# Positions in fixtures/demo.py (0-based), checked by test_fixture_positions.
HOVER_LINE, HOVER_COL = 25, 6  # print(running_total([3, 1, 4]))
HOVER_CALL = "running_total([3, 1, 4])"
NONE_LINE = 17  # if items == None:
FIXED_NONE_LINE = "    if items is None:"
# Settings every editor sends: a small LLVM search so the code lens is ready in seconds, and verified mode, so the
# inlay hints show live values from a sandboxed run (predicted ones appear only when the model is confident).
SERVER_SETTINGS = {"llvm": {"samples": 8, "timeBudgetS": 4.0}, "prediction": {"verifiedMode": True}}

# Documented results (docs/editors.md), as regular expressions.
# A confident prediction in bold, or an honest "not sure" (below prediction.minConfidence); then the actual value.
PREDICTION = r"(\*\*Predicted:\*\* `running_total\(\[3, 1, 4\]\)` → `|Not sure what `running_total\(\[3, 1, 4\]\)` returns)"
HOVER_WAIT = "running_total"  # what the editors wait for in the hover
ACTUAL = r"\*\*Actual:\*\* `\[3, 4, 8\]`"
LIVE_HINT = "ran: "  # live values (verified mode) in inlay hints
LENS_COUNTS = r"\d+ instructions"
LENS_SUGGESTED = r"\d+ instructions · -Oz \d+ · suggested \d+"
QUICK_FIX = r"None.*`is`|`is`.*None"
# Learn from this edit (fixtures/empties.py, 0-based lines): the user's edit, then the same edit elsewhere.
LEARN_FILE = "empties.py"
LEARN_EDIT = (4, "    if len(rows) == 0:", "    if not rows:")
LEARNED_LINES = {8: "    if not jobs:", 14: "    return not queue", 6: "    if len(names) == 1:"}


def server_command(log_file: Path) -> list[str]:
    """How the editors start the server in these tests: this interpreter, with a log file for failures."""
    return [sys.executable, "-m", "clairvoyant", "serve", "--log-file", str(log_file)]


def make_workspace(path: Path) -> Path:
    """A fresh folder with the fixtures (the editors edit them)."""
    path.mkdir(parents=True, exist_ok=True)
    (path / ".git").mkdir(exist_ok=True)  # a root marker, so both files share one server
    for name in ("demo.py", "sumsq.ll", LEARN_FILE):
        shutil.copy(FIXTURES / name, path / name)
    return path


def isolated_env(home: Path) -> dict[str, str]:
    """HOME and XDG folders under ``home``, so editors write nothing into the real home."""
    env = {"HOME": str(home)}
    for var, sub in (("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                     ("XDG_STATE_HOME", ".local/state"), ("XDG_CACHE_HOME", ".cache")):
        env[var] = str(home / sub)
        (home / sub).mkdir(parents=True, exist_ok=True)
    return env


def tail(path: Path, lines: int = 25) -> str:
    """The end of a log file, for assertion messages."""
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no {path})"
