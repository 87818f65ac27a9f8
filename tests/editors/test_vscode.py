"""VS Code end to end: code-server (VS Code 1.100.3) with the built .vsix installed, driven in Debian's chromium by
playwright-core (vscode/e2e.js). The page must show a prediction on hover, apply a quick fix and show the LLVM code
lens; the extension's test hook (CLAIRVOYANT_E2E_SPEC) also reports what VS Code's provider API received.

One code-server session is shared by the tests below. Screenshots go to a temporary folder, or to
$CLAIRVOYANT_SCREENSHOTS (docs/images when refreshing the documentation)."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from editor_env import (
    FIXED_NONE_LINE,
    HOVER_COL,
    HOVER_LINE,
    LEARN_EDIT,
    LEARN_FILE,
    LEARNED_LINES,
    LENS_SUGGESTED,
    LIVE_HINT,
    NONE_LINE,
    PREDICTION,
    QUICK_FIX,
    ROOT,
    SERVER_SETTINGS,
    isolated_env,
    make_workspace,
    server_command,
    tail,
)

pytestmark = pytest.mark.e2e

CODE_SERVER = ROOT / ".e2e" / "vscode" / "node_modules" / ".bin" / "code-server"
NODE_MODULES = ROOT / ".e2e" / "vscode" / "node_modules"
VSIX = ROOT / ".build" / "clairvoyant.vsix"
DRIVER = Path(__file__).parent / "vscode" / "e2e.js"
CHROMIUM = "/usr/bin/chromium"
EXTENSION_ID = "clairvoyant.clairvoyant"
TAUGHT = "empty-check"
# Before/after examples for "Clairvoyant: Synthesize a Transform from Examples".
TEACH_EXAMPLES = [
    {"before": f"def f({v}):\n    if len({v}) == 0:\n        return None\n    return {v}[0]\n",
     "after": f"def f({v}):\n    if not {v}:\n        return None\n    return {v}[0]\n"}
    for v in ("items", "names", "rows")
]

USER_SETTINGS = {
    "security.workspace.trust.enabled": False,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": False,
    "workbench.enableExperiments": False,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoCheckUpdates": False,
    "extensions.autoUpdate": False,
    "editor.inlayHints.enabled": "on",
    "editor.hover.delay": 300,
    "chat.disableAIFeatures": True,
    "files.autoSave": "off",
}


def _missing() -> str | None:
    for path, how in ((CODE_SERVER, "scripts/setup_editors.sh installs code-server"),
                      (Path(CHROMIUM), "apt-get install chromium"),
                      (VSIX, "scripts/setup_editors.sh builds the extension")):
        if not path.exists():
            return f"{path} is missing ({how})"
    if not shutil.which("node"):
        return "node is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"code-server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("code-server did not answer /healthz")


def _hook_spec(api_dir: Path, go_file: Path) -> dict:
    """What the extension's test hook does once the UI steps are done: VS Code's provider API on copies of the files,
    then the extension's commands."""
    return {
        "timeoutS": 60,
        "waitFor": str(go_file),
        "commands": [
            {"command": "clairvoyant.toggleVerified"},
            {"command": "clairvoyant.toggleVerified"},
            {"command": "clairvoyant.optimizeFile", "open": str(api_dir / "sumsq.ll")},
            {"command": "clairvoyant.teachTransform", "args": [TAUGHT]},
            {"command": "clairvoyant.learnFromEdit", "args": [{"apply": True}], "open": str(api_dir / LEARN_FILE),
             "edit": [LEARN_EDIT[0], 0, len(LEARN_EDIT[1]), LEARN_EDIT[2]]},
            {"command": "clairvoyant.restart"},
        ],
        "files": [
            {
                "path": str(api_dir / "demo.py"),
                "hover": [[HOVER_LINE, HOVER_COL]],
                "hoverPattern": "Actual",
                "codeActions": [[NONE_LINE, 0, NONE_LINE, 20]],
                "apply": QUICK_FIX,
                "inlayHints": True,
                "inlayPattern": LIVE_HINT,
            },
            {"path": str(api_dir / "sumsq.ll"), "hover": [[0, 20]], "hoverPattern": "instructions",
             "codeLenses": True, "lensPattern": "suggested"},
        ],
    }


class CodeServerRun:
    """code-server + the extension + one browser session; results of the page and of the hook."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.workspace = make_workspace(tmp / "workspace")
        make_workspace(self.workspace / "api")
        teach = self.workspace / ".clairvoyant" / "transforms"
        teach.mkdir(parents=True)
        (teach / f"{TAUGHT}.examples.jsonl").write_text("".join(json.dumps(e) + "\n" for e in TEACH_EXAMPLES))
        self.server_log = tmp / "server.log"
        self.cs_log = tmp / "code-server.log"
        self.hook_out = tmp / "hook.json"
        self.page_out = tmp / "page.json"
        self.shots = Path(os.environ.get("CLAIRVOYANT_SCREENSHOTS") or tmp / "screenshots")
        data, extensions = tmp / "data", tmp / "extensions"
        (data / "User").mkdir(parents=True)
        command = server_command(self.server_log)
        settings = dict(USER_SETTINGS)
        settings["clairvoyant.server.pythonPath"] = command[0]
        settings["clairvoyant.server.extraArgs"] = command[4:]
        for section, values in SERVER_SETTINGS.items():
            for key, value in values.items():
                settings[f"clairvoyant.{section}.{key}"] = value
        (data / "User" / "settings.json").write_text(json.dumps(settings, indent=1))
        spec = tmp / "spec.json"
        spec.write_text(json.dumps(_hook_spec(self.workspace / "api", Path(f"{self.hook_out}.go"))))
        self.env = {**os.environ, **isolated_env(tmp / "home"),
                    "CLAIRVOYANT_E2E_SPEC": str(spec), "CLAIRVOYANT_E2E_OUT": str(self.hook_out)}
        self.base = [str(CODE_SERVER), "--user-data-dir", str(data), "--extensions-dir", str(extensions)]

        install = subprocess.run([*self.base, "--install-extension", str(VSIX)], env=self.env, capture_output=True,
                                 text=True, timeout=120, check=False)
        listed = subprocess.run([*self.base, "--list-extensions", "--show-versions"], env=self.env,
                                capture_output=True, text=True, timeout=120, check=False)
        self.installed = listed.stdout.split()
        assert install.returncode == 0, install.stdout + install.stderr

        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        with open(self.cs_log, "w") as log:
            self.proc = subprocess.Popen(
                [*self.base, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}", "--disable-telemetry",
                 "--disable-update-check", "--disable-workspace-trust", str(self.workspace)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        _wait_healthy(self.url, self.proc)
        driver = subprocess.run(
            ["node", str(DRIVER), self.url, str(self.workspace), str(self.page_out), str(self.shots),
             str(self.hook_out)],
            env={**self.env, "NODE_PATH": str(NODE_MODULES)}, capture_output=True, text=True, timeout=420,
            check=False,
        )
        self.driver_output = driver.stdout + driver.stderr
        self.page = json.loads(self.page_out.read_text()) if self.page_out.exists() else {}
        self.hook = json.loads(self.hook_out.read_text()) if self.hook_out.exists() else {}

    def context(self) -> str:
        """Logs for an assertion message."""
        return (f"\npage steps: {self.page.get('steps')}\npage errors: {self.page.get('errors')}\n"
                f"driver: {self.driver_output[-2000:]}\nserver log:\n{tail(self.server_log)}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # code-server, its extension host and our language server
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=15)


@pytest.fixture(scope="module")
def vscode(tmp_path_factory):
    missing = _missing()
    if missing:
        pytest.skip(missing)
    run = CodeServerRun(tmp_path_factory.mktemp("vscode"))
    yield run
    run.stop()


def _hook_file(vscode, name: str) -> dict:
    files = vscode.hook.get("files", {})
    found = files.get(str(vscode.workspace / "api" / name))
    assert found, f"the hook reported no {name}: {vscode.hook}{vscode.context()}"
    return found


def test_the_vsix_installs_and_the_extension_starts_the_server(vscode):
    assert any(e.startswith(EXTENSION_ID + "@") for e in vscode.installed), vscode.installed
    assert vscode.hook, f"the extension's test hook wrote nothing{vscode.context()}"
    assert not vscode.hook["errors"], vscode.hook["errors"]
    assert _hook_file(vscode, "sumsq.ll")["languageId"] == "llvm", "the extension contributes the llvm language"
    assert vscode.hook["serverStatus"]["version"], vscode.hook
    assert "Clairvoyant" in vscode.page.get("statusBar", ""), vscode.context()


def test_status_bar_shows_models_ready(vscode):
    assert vscode.hook["statusBar"] == "ready", f"{vscode.hook.get('serverStatus')}{vscode.context()}"
    assert "exec-predictor" in vscode.hook["serverStatus"]["models"], vscode.hook["serverStatus"]


def test_page_hover_shows_a_prediction(vscode):
    hover = vscode.page.get("hover", "")
    shown = r"(Predicted: running_total\(\[3, 1, 4\]\) → |Not sure what running_total\(\[3, 1, 4\]\) returns)"
    assert re.search(shown, hover), f"hover: {hover!r}{vscode.context()}"
    assert "Actual: [3, 4, 8]" in hover, f"verified mode shows the actual value: {hover!r}"


def test_page_quick_fix_applies(vscode):
    offered = vscode.page.get("quickFixOffered") or []
    assert any(re.search(r"None", t) for t in offered), f"offered: {offered}{vscode.context()}"
    assert vscode.page.get("lineAfterFix", "").strip() == FIXED_NONE_LINE.strip(), vscode.context()


def test_page_code_lens_shows_instruction_counts(vscode):
    lenses = vscode.page.get("codeLenses") or []
    assert any(re.search(LENS_SUGGESTED, t) for t in lenses), f"code lenses: {lenses}{vscode.context()}"


def test_api_hover_and_quick_fix(vscode):
    py = _hook_file(vscode, "demo.py")
    assert any(re.search(PREDICTION, h) for h in py["hover"]), f"{py['hover']}{vscode.context()}"
    assert py["applied"] and py["appliedOk"], py
    assert py["textAfter"].splitlines()[NONE_LINE] == FIXED_NONE_LINE, py["textAfter"]


def test_api_inlay_hints_show_live_values(vscode):
    py = _hook_file(vscode, "demo.py")
    assert any(h.endswith(":ran: return [3, 4, 8]") for h in py["inlayHints"]), \
        f"inlay hints (line:label): {py['inlayHints']}{vscode.context()}"


def test_api_llvm_hover_and_code_lens(vscode):
    ll = _hook_file(vscode, "sumsq.ll")
    assert any(re.search(r"\d+ instructions", h) for h in ll["hover"]), f"{ll['hover']}{vscode.context()}"
    assert any(re.search(LENS_SUGGESTED, t) for t in ll["codeLenses"]), ll["codeLenses"]


def test_extension_commands_toggle_optimize_teach_learn_and_restart(vscode):
    results = dict(enumerate(vscode.hook.get("commands", [])))
    assert len(results) == 6, f"{vscode.hook.get('commands')}{vscode.hook.get('errors')}{vscode.context()}"
    initial = SERVER_SETTINGS["prediction"]["verifiedMode"]  # the two toggles go there and back
    assert results[0]["result"] == {"verifiedMode": not initial} and results[1]["result"] == {"verifiedMode": initial}
    optimized = results[2]
    assert optimized["result"]["instructions"] <= optimized["result"]["oz"], optimized["result"]
    assert optimized["textAfter"] != optimized["textBefore"] and "define" in optimized["textAfter"]
    taught = results[3]["result"]
    assert taught and taught.get("path", "").endswith(f"{TAUGHT}.py"), taught
    assert (vscode.workspace / ".clairvoyant" / "transforms" / f"{TAUGHT}.py").is_file()
    assert vscode.hook["statusBar"] == "ready", "after Restart Server the status bar is ready again"


def test_learn_from_edit_applies_the_same_edit_elsewhere(vscode):
    learned = vscode.hook.get("commands", [{}] * 5)[4]
    assert learned.get("edited") and learned.get("result"), f"{learned}{vscode.hook.get('errors')}{vscode.context()}"
    assert learned["result"].get("applied") is True, learned["result"]
    lines = learned["textAfter"].splitlines()
    line, _, after = LEARN_EDIT
    assert lines[line] == after and {n: lines[n] for n in LEARNED_LINES} == LEARNED_LINES, lines
    name = learned["result"]["name"]
    assert (vscode.workspace / ".clairvoyant" / "transforms" / f"{name}.examples.jsonl").is_file()
