"""Teach by example: clairvoyant.synthesizeTransform turns a workspace examples file into a quick fix at once."""

from __future__ import annotations

import json

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from clairvoyant.client import apply_edit
from lsp_helpers import code_actions, handle_refresh_requests, initialize, open_document, server_config

EXAMPLES = [
    {"before": "if len(items) == 0:\n    print('empty')\n", "after": "if not items:\n    print('empty')\n"},
    {"before": "while len(queue) == 0:\n    wait()\n", "after": "while not queue:\n    wait()\n"},
    {"before": "ok = len(self.errors) == 0\n", "after": "ok = not self.errors\n"},
    {"before": "if len(items) == 1:\n    print('one')\n", "after": "if len(items) == 1:\n    print('one')\n"},
]
SOURCE = "def check(rows):\n    if len(rows) == 0:\n        return 'none'\n    return len(rows) == 2\n"


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient, tmp_path):
    handle_refresh_requests(lsp_client)
    folder = tmp_path / ".clairvoyant" / "transforms"
    folder.mkdir(parents=True)
    (folder / "len-zero.examples.jsonl").write_text("\n".join(json.dumps(e) for e in EXAMPLES) + "\n")
    lsp_client.root = tmp_path
    await initialize(lsp_client, "visual-studio-code", root=tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_taught_transform_is_offered_and_applies(client: LanguageClient):
    uri = open_document(client, client.root / "check.py", SOURCE, "python")
    before = await code_actions(client, uri, (1, 0), (1, 30))
    assert not any("Len zero" in a.title for a in before)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.synthesizeTransform", arguments=["len-zero"])
    )
    assert "error" not in result, result
    assert (client.root / ".clairvoyant" / "transforms" / "len-zero.py").is_file()
    actions = await code_actions(client, uri, (1, 0), (1, 30))
    taught = [a for a in actions if a.kind == "refactor.rewrite.len-zero"]
    assert taught, [a.title for a in actions]
    action = await client.code_action_resolve_async(taught[0])
    new_text = apply_edit(SOURCE, action.edit)
    assert "    if not rows:\n" in new_text
    assert "return len(rows) == 2" in new_text, "the near-miss negative stays as it is"


async def test_bad_examples_file_gives_a_clear_error(client: LanguageClient):
    (client.root / ".clairvoyant" / "transforms" / "broken.examples.jsonl").write_text("{not json\n")
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.synthesizeTransform", arguments=["broken"])
    )
    assert "not valid JSON lines" in result["error"]
    missing = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.synthesizeTransform", arguments=["nothing-here"])
    )
    assert "no examples file" in missing["error"]
