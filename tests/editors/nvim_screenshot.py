"""Screenshots of Neovim 0.11 with the plugin, for docs/editors.md (not a test).

Runs the real nvim TUI in tmux, opens the fixtures, captures the screen with its colours (``capture-pane -e``), turns
it into HTML and lets Debian's chromium render it to PNG:

    .venv/bin/python tests/editors/nvim_screenshot.py docs/images
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from editor_env import (
    HOVER_COL,
    HOVER_LINE,
    ROOT,
    SERVER_SETTINGS,
    isolated_env,
    make_workspace,
    server_command,
)
from test_nvim import NVIMS

COLUMNS, ROWS = 128, 30
PALETTE = ["#1e1e1e", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
           "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]


def _color(params: list[int], i: int) -> tuple[str | None, int]:
    """The colour of an extended SGR parameter at params[i] (38/48), and the index after it."""
    if params[i + 1] == 2:
        r, g, b = params[i + 2:i + 5]
        return f"#{r:02x}{g:02x}{b:02x}", i + 5
    n = params[i + 2]
    if n < 16:
        return PALETTE[n], i + 3
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return f"#{steps[n // 36]:02x}{steps[n // 6 % 6]:02x}{steps[n % 6]:02x}", i + 3
    level = 8 + (n - 232) * 10
    return f"#{level:02x}{level:02x}{level:02x}", i + 3


def ansi_to_html(text: str) -> str:
    """tmux capture-pane -e output (SGR colours, bold, italic, reverse) as an HTML page."""
    fg, bg, bold, italic, reverse = None, None, False, False, False
    out = []
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        if part.startswith("\x1b["):
            params = [int(p) if p else 0 for p in part[2:-1].split(";")] or [0]
            i = 0
            while i < len(params):
                p = params[i]
                if p == 0:
                    fg, bg, bold, italic, reverse = None, None, False, False, False
                elif p == 1:
                    bold = True
                elif p == 3:
                    italic = True
                elif p == 7:
                    reverse = True
                elif p in (22, 23, 27):
                    bold, italic, reverse = (False if p == 22 else bold, False if p == 23 else italic,
                                             False if p == 27 else reverse)
                elif p in (38, 48):
                    color, i = _color(params, i)
                    fg, bg = (color, bg) if p == 38 else (fg, color)
                    continue
                elif p == 39:
                    fg = None
                elif p == 49:
                    bg = None
                elif 30 <= p <= 37 or 90 <= p <= 97:
                    fg = PALETTE[p - 30 if p < 90 else p - 82]
                elif 40 <= p <= 47 or 100 <= p <= 107:
                    bg = PALETTE[p - 40 if p < 100 else p - 92]
                i += 1
            continue
        if part:
            f, b = (bg or "#14161b", fg or "#e0e2ea") if reverse else (fg, bg)
            style = "".join([f"color:{f};" if f else "", f"background:{b};" if b else "",
                             "font-weight:bold;" if bold else "", "font-style:italic;" if italic else ""])
            out.append(f'<span style="{style}">{html.escape(part)}</span>' if style else html.escape(part))
    body = "".join(out)
    return ("<html><body style='margin:0;background:#14161b'><pre style=\"margin:8px;color:#e0e2ea;"
            "font:15px/1.25 'DejaVu Sans Mono',monospace\">" + body + "</pre></body></html>")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", "-L", "clairvoyant-shot", *args], capture_output=True, text=True, check=True).stdout


def shoot(html_text: str, png: Path, tmp: Path) -> None:
    page = tmp / (png.stem + ".html")
    page.write_text(html_text)
    subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                    f"--user-data-dir={tmp / 'chromium'}", f"--screenshot={png}", "--window-size=1180,600",
                    page.as_uri()], capture_output=True, check=True, timeout=120)


def main(out_dir: Path) -> None:
    nvim = NVIMS["0.11"][0]
    tmp = Path(tempfile.mkdtemp(prefix="nvim-shot-"))
    workspace = make_workspace(tmp / "workspace")
    init = tmp / "init.lua"
    init.write_text(f"""
vim.o.termguicolors = true
vim.o.number = true
vim.o.laststatus = 2
vim.o.updatetime = 300
vim.opt.runtimepath:append({str(ROOT / 'editors' / 'nvim')!r})
require('clairvoyant').setup({{ cmd = vim.fn.json_decode({json.dumps(json.dumps(server_command(tmp / 'server.log')))}),
  settings = vim.fn.json_decode({json.dumps(json.dumps(SERVER_SETTINGS))}) }})
""")
    env = " ".join(f"{k}={v}" for k, v in isolated_env(tmp / "home").items())
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        tmux("new-session", "-d", "-s", "shot", "-x", str(COLUMNS), "-y", str(ROWS),
             f"cd {workspace} && env {env} {nvim} -u {init} -i NONE demo.py")
        time.sleep(12)  # server start, model load, inlay hints
        tmux("send-keys", "-t", "shot", f":{HOVER_LINE + 1}", "Enter", f"0{HOVER_COL}l", "K")
        time.sleep(8)
        shoot(ansi_to_html(tmux("capture-pane", "-e", "-p", "-t", "shot")), out_dir / "nvim-hover.png", tmp)
        tmux("send-keys", "-t", "shot", "Escape", ":e sumsq.ll", "Enter")
        time.sleep(15)  # code lens: counts at once, the suggested pipeline when the background search is done
        tmux("send-keys", "-t", "shot", ":e", "Enter")
        time.sleep(3)
        shoot(ansi_to_html(tmux("capture-pane", "-e", "-p", "-t", "shot")), out_dir / "nvim-codelens.png", tmp)
    finally:
        subprocess.run(["tmux", "-L", "clairvoyant-shot", "kill-server"], capture_output=True, check=False)
    print(f"wrote {out_dir / 'nvim-hover.png'} and {out_dir / 'nvim-codelens.png'}; server log {tmp / 'server.log'}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images"))
