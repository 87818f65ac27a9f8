"""Bring in functions that a file imports from modules of its own workspace, so calls to them can be predicted.

``from helpers import tidy`` in the open file, with ``helpers.py`` (or ``helpers/__init__.py``) next to it or under a
workspace root, makes ``tidy``'s module source available to the predictor. The module is only read and parsed,
never imported or run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

MAX_MODULE_BYTES = 512_000
FROM_IMPORT = re.compile(r"^from\s+[A-Za-z_][\w.]*\s+import\b", re.MULTILINE)


def _module_file(name: str, search: list[Path]) -> Path | None:
    parts = name.split(".")
    for base in search:
        for candidate in (base.joinpath(*parts).with_suffix(".py"), base.joinpath(*parts, "__init__.py")):
            if candidate.is_file() and candidate.stat().st_size <= MAX_MODULE_BYTES:
                return candidate
    return None


def with_workspace_imports(source: str, file: Path | None, roots: list[Path]) -> str:
    """``source`` followed by the source of each workspace module it imports names from (that parses).

    Appending keeps every position in ``source`` valid, so a call found at (line, col) is still there.
    """
    if not FROM_IMPORT.search(source):
        return source  # the common case, without parsing the file
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return source
    defined = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    search = ([file.parent] if file else []) + [r for r in roots if r.is_dir()]
    extra: list[str] = []
    seen: set[Path] = set()
    for node in tree.body:
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if all(alias.name in defined or alias.asname for alias in node.names):
            continue
        path = _module_file(node.module, search)
        if path is None or path in seen or (file is not None and path.resolve() == file.resolve()):
            continue
        seen.add(path)
        try:
            text = path.read_text(encoding="utf-8")
            ast.parse(text)
        except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        extra.append(f"\n\n# --- from {node.module} ({path.name}) ---\n{text}")
    return source + "".join(extra) if extra else source
