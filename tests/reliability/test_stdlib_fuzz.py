"""Fuzz the request path with real code: hover call sites of stdlib modules and ask inlay hints for whole files; no
request may come back as a JSON-RPC internal error (an engine error is a hover or a message, never a crash)."""

from __future__ import annotations

import ast
import random
import sysconfig
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInternalError
from pytest_lsp import LanguageClient

from lsp_helpers import handle_refresh_requests, hover, initialize, open_document, server_config

STDLIB = Path(sysconfig.get_paths()["stdlib"])
MODULES = ["textwrap.py", "difflib.py", "json/encoder.py"]
SITES_PER_MODULE = 25


def call_sites(text: str, n: int) -> list[tuple[int, int]]:
    """(line, column) on the callee of every call of a function or class defined in the module, plus a fixed sample
    of ``n`` other calls (methods, builtins), 0-based."""
    tree = ast.parse(text)
    local = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    mine = {(c.func.end_lineno - 1, c.func.end_col_offset - 1) for c in calls
            if isinstance(c.func, ast.Name) and c.func.id in local}
    others = sorted({(c.func.end_lineno - 1, c.func.end_col_offset - 1) for c in calls} - mine)
    return sorted(mine) + random.Random(16).sample(others, min(n, len(others)))


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient, tmp_path):
    handle_refresh_requests(lsp_client)
    lsp_client.root = tmp_path
    await initialize(lsp_client, "visual-studio-code", root=tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize("module", MODULES)
async def test_no_internal_error_on_real_code(client: LanguageClient, module: str):
    text = (STDLIB / module).read_text(encoding="utf-8")
    uri = open_document(client, client.root / Path(module).name, text, "python")
    for line, col in call_sites(text, SITES_PER_MODULE):
        try:
            result = await hover(client, uri, line, col)
        except JsonRpcInternalError as exc:
            pytest.fail(f"hover at {module}:{line + 1}:{col} failed: {exc}")
        assert result is None or result.contents.value.strip()
    lines = text.count("\n") + 1
    try:
        await client.text_document_inlay_hint_async(types.InlayHintParams(
            text_document=types.TextDocumentIdentifier(uri=uri),
            range=types.Range(start=types.Position(0, 0), end=types.Position(lines, 0))))
    except JsonRpcInternalError as exc:
        pytest.fail(f"inlay hints for {module} failed: {exc}")
