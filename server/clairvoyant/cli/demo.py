"""``clairvoyant demo``: start the real server and print what an editor would show for a folder of examples."""

from __future__ import annotations

import ast
import asyncio
import difflib
import json
import sys
from pathlib import Path

from ..client import ScriptedClient, apply_edit


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("demo", help="show hover, inlay hints, code actions and code lens for examples")
    parser.add_argument("folder", nargs="?", default="examples", help="folder with .py and .ll files")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    parser.add_argument("--wait", type=float, default=60.0, help="seconds to wait for LLVM code lenses")
    parser.set_defaults(func=run)


def _calls_to_local_functions(text: str) -> list[tuple[int, int, str]]:
    """(line, column, source) of module-level calls to functions defined in the file."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return []
    defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in defined:
            found.append((node.lineno - 1, node.col_offset, ast.get_source_segment(text, node) or node.func.id))
    return sorted(found)[:6]


async def _ask(coro, default=None):
    """A request's result, or a readable error string when the server answered with an error."""
    try:
        return await coro
    except Exception as exc:  # noqa: BLE001 - the demo shows the server's error instead of dying
        return f"(error: {exc})" if default is None else default


def _content(result) -> str | None:
    if result is None or isinstance(result, str):
        return result
    return result.contents.value


async def _python(client: ScriptedClient, path: Path) -> dict:
    uri = client.open(path)
    text = client.text(uri)
    hovers = []
    for line, col, call in _calls_to_local_functions(text):
        result = await _ask(client.hover(uri, line, col))
        hovers.append({"call": call, "line": line + 1, "hover": _content(result)})
    hints = [
        {"line": h.position.line + 1, "label": h.label if isinstance(h.label, str) else "".join(p.value for p in h.label)}
        for h in await _ask(client.inlay_hints(uri), [])
    ]
    actions = await _ask(client.code_actions(uri, 0, text.count("\n") + 1), [])
    quick_fixes = [a.title for a in actions if (getattr(a, "kind", None) or "").startswith("refactor")]
    diff = ""
    if actions:
        first = await _ask(client.resolve(actions[0]))
        new_text = apply_edit(text, first.edit) if not isinstance(first, str) else text
        diff = "".join(difflib.unified_diff(text.splitlines(True), new_text.splitlines(True), path.name, path.name))
    return {"file": str(path), "hovers": hovers, "inlay_hints": hints, "code_actions": quick_fixes,
            "first_action_diff": diff}


async def _llvm(client: ScriptedClient, path: Path, wait: float) -> dict:
    uri = client.open(path)
    lenses = await _ask(client.code_lenses(uri, wait_s=wait), [])
    text = client.text(uri)
    define_line = next((i for i, line in enumerate(text.splitlines()) if line.startswith("define")), 0)
    result = await _ask(client.hover(uri, define_line, 8))
    actions = await _ask(client.code_actions(uri, 0, 0), [])
    return {
        "file": str(path),
        "code_lens": [f"line {lens.range.start.line + 1}: {lens.command.title}" for lens in lenses if lens.command],
        "hover": _content(result),
        "code_actions": [a.title for a in actions],
    }


async def _demo(folder: Path, wait: float) -> dict:
    client = ScriptedClient()
    await client.start(folder)
    try:
        files = []
        for path in sorted(folder.iterdir()):
            if path.suffix == ".py":
                files.append(await _python(client, path))
            elif path.suffix == ".ll":
                files.append(await _llvm(client, path, wait))
        return {"files": files, "messages": client.messages}
    finally:
        await client.stop()


def _print_text(report: dict) -> None:
    for entry in report["files"]:
        print(f"\n=== {entry['file']} ===")
        for h in entry.get("hovers", []):
            print(f"\n[hover] line {h['line']}: {h['call']}")
            print("  " + (h["hover"] or "(nothing)").replace("\n", "\n  "))
        for h in entry.get("inlay_hints", []):
            print(f"[inlay hint] line {h['line']}: {h['label']}")
        for lens in entry.get("code_lens", []):
            print(f"[code lens] {lens}")
        if entry.get("hover") is not None:
            print("[hover] " + entry["hover"].replace("\n", "\n  "))
        for title in entry.get("code_actions", []):
            print(f"[code action] {title}")
        if entry.get("first_action_diff"):
            print("[first code action, applied]\n" + entry["first_action_diff"])
    for message in report["messages"]:
        print(f"[message] {message}")


def run(args) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"clairvoyant demo: {folder} is not a folder", file=sys.stderr)
        return 2
    report = asyncio.run(_demo(folder, args.wait))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        _print_text(report)
    return 0
