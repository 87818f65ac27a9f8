"""Learn from this edit: the user's edit becomes a workspace transform, offered in the other places it applies."""

from __future__ import annotations

import json

import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from clairvoyant.client import apply_edit
from lsp_helpers import (
    code_actions,
    handle_refresh_requests,
    initialize,
    open_document,
    server_config,
    wait_until,
    wait_until_async,
)

CHECKS = """\
def check(x, y, rows):
    if len(x) == 0:
        return 'no x'
    if len(y) == 1:
        return 'one y'
    if len(rows) == 0:
        return 'no rows'
    while len(y) == 0:
        y = refill()
    return len(rows)
"""
OTHER = "def empty(items):\n    return len(items) == 0\n"


async def start(client: LanguageClient, root, trusted: bool = True) -> None:
    handle_refresh_requests(client)
    client.applied = []

    @client.feature(types.WORKSPACE_APPLY_EDIT)
    def apply(params: types.ApplyWorkspaceEditParams):
        client.applied.append(params.edit)
        return types.ApplyWorkspaceEditResult(applied=True)

    @client.feature(types.WINDOW_SHOW_MESSAGE_REQUEST)
    def choose(params: types.ShowMessageRequestParams):
        client.asked.append(params.message)
        return params.actions[0]  # the user applies the edit

    client.asked = []

    (root / "other.py").write_text(OTHER)
    client.root = root
    await initialize(client, "visual-studio-code", {"trusted": trusted}, root=root)


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient, tmp_path):
    await start(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


def change_line(client: LanguageClient, uri: str, line: int, old: str, new: str, version: int) -> None:
    """One incremental change, as an editor sends it: `old` on `line` replaced by `new`."""
    lines = CHECKS.splitlines()
    start = lines[line].index(old)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(line, start), types.Position(line, start + len(old))), text=new)]))


async def learn(client: LanguageClient, uri: str, apply: bool | None = True):
    return await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.learnFromEdit", arguments=[{"uri": uri, "apply": apply}]))


def edits_of(edit: types.WorkspaceEdit) -> dict[str, list[types.TextEdit]]:
    return {change.text_document.uri: change.edits for change in edit.document_changes}


async def test_an_edit_is_learned_and_offered_in_the_other_places(client: LanguageClient):
    uri = open_document(client, client.root / "checks.py", CHECKS, "python")
    change_line(client, uri, 1, "len(x) == 0", "not x", 2)
    action = await wait_until_async(lambda: learn_actions(client, uri, 1, "other places"), timeout=60)
    assert action.title == "Learn from this edit (3 other places)", action.title

    result = await learn(client, uri)
    assert "error" not in result, result
    assert result["name"] == "len-0-to-not" and result["places"] == 3 and result["applied"] is True
    examples = client.root / ".clairvoyant" / "transforms" / "len-0-to-not.examples.jsonl"
    assert [json.loads(line)["source"] for line in examples.read_text().splitlines()] == ["edit"]
    (edit,) = client.applied
    edited = CHECKS.replace("if len(x) == 0:", "if not x:")
    by_uri = edits_of(edit)
    new_checks = apply_edit(edited, types.WorkspaceEdit(document_changes=[c for c in edit.document_changes
                                                                          if c.text_document.uri == uri]))
    assert "if not rows:" in new_checks and "while not y:" in new_checks
    assert "if len(y) == 1:" in new_checks and "return len(rows)\n" in new_checks
    other_uri = (client.root / "other.py").as_uri()
    assert [e.new_text for e in by_uri[other_uri]] == ["not items"]
    assert edit.document_changes[[c.text_document.uri for c in edit.document_changes].index(uri)] \
        .text_document.version == 2

    # a second edit of the same kind refines the same transform: one more example, the edit returned only
    change_line(client, uri, 7, "len(y) == 0", "not y", 3)
    again = await learn(client, uri, apply=False)
    assert "error" not in again, again
    assert again["name"] == "len-0-to-not" and again["examples"] == 2 and again["places"] == 2
    assert len(examples.read_text().splitlines()) == 2 and len(client.applied) == 1

    # a third one too; without `apply` the server asks the user, who applies the edit
    change_line(client, uri, 5, "len(rows) == 0", "not rows", 4)
    third = await learn(client, uri, apply=None)
    assert third["name"] == "len-0-to-not" and third["examples"] == 3 and third["places"] == 1, third
    assert await wait_until(lambda: len(client.applied) == 2)
    assert client.asked == ["Clairvoyant: transform 'len-0-to-not' learned from 3 examples."]
    assert [e.new_text for e in edits_of(client.applied[1])[other_uri]] == ["not items"]


async def learn_actions(client: LanguageClient, uri: str, line: int, wanted: str):
    """The "Learn from this edit" action at ``line`` once its title has ``wanted`` (lsprotocol reads a code action
    with a command as a Command, so the title is what is compared)."""
    actions = await code_actions(client, uri, (line, 0), (line, 0))
    return next((a for a in actions or [] if a.title.startswith("Learn from this edit") and wanted in a.title), None)


async def test_no_edit_or_a_formatting_edit_is_a_clear_message(client: LanguageClient):
    uri = open_document(client, client.root / "checks.py", CHECKS, "python")
    nothing = await learn(client, uri)
    assert "no edit of checks.py recorded" in nothing["error"]
    change_line(client, uri, 1, "len(x) == 0", "len(x)==0", 2)
    formatting = await learn(client, uri)
    assert "changes no statement" in formatting["error"]
    assert not (client.root / ".clairvoyant").exists()


@pytest_lsp.fixture(config=server_config())
async def untrusted(lsp_client: LanguageClient, tmp_path):
    await start(lsp_client, tmp_path, trusted=False)
    yield
    await lsp_client.shutdown_session()


async def test_untrusted_workspace_refuses(untrusted: LanguageClient):
    uri = open_document(untrusted, untrusted.root / "checks.py", CHECKS, "python")
    change_line(untrusted, uri, 1, "len(x) == 0", "not x", 2)
    result = await learn(untrusted, uri)
    assert "trust this workspace first" in result["error"]
    assert not (untrusted.root / ".clairvoyant").exists() and untrusted.applied == []
    assert not await learn_actions(untrusted, uri, 1, "Learn")
