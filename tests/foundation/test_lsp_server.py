"""End-to-end: the real server (``python -m clairvoyant serve``) as seen by VS Code and Neovim 0.7 / 0.11 clients."""

from __future__ import annotations

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcMethodNotFound
from pytest_lsp import LanguageClient

from lsp_helpers import (
    CLIENTS,
    change_document,
    handle_refresh_requests,
    hover,
    initialize,
    open_document,
    server_config,
    wait_for_diagnostics,
    wait_until,
)


@pytest_lsp.fixture(config=server_config(), params=CLIENTS)
async def client(request, lsp_client: LanguageClient, tmp_path):
    lsp_client.capabilities_name = request.param
    lsp_client.root = tmp_path
    handle_refresh_requests(lsp_client)
    yield
    await lsp_client.shutdown_session()


async def test_initialize_advertises_the_features(client: LanguageClient):
    result = await initialize(client, client.capabilities_name, root=client.root)
    caps = result.capabilities
    assert result.server_info.name == "clairvoyant"
    assert caps.hover_provider
    assert caps.inlay_hint_provider.resolve_provider
    assert caps.code_action_provider.resolve_provider
    assert types.CodeActionKind.RefactorRewrite in caps.code_action_provider.code_action_kinds
    assert caps.code_lens_provider is not None
    assert caps.text_document_sync.change == types.TextDocumentSyncKind.Incremental
    assert {"clairvoyant.synthesizeTransform", "clairvoyant.optimizeDocument", "clairvoyant.status"} <= set(
        caps.execute_command_provider.commands
    )


async def test_document_sync_and_syntax_diagnostics(client: LanguageClient):
    await initialize(client, client.capabilities_name, root=client.root)
    uri = open_document(client, client.root / "broken.py", "def f(:\n    return 1\n", "python")
    diags = await wait_for_diagnostics(client, uri, lambda d: len(d) == 1)
    assert diags[0].code == "syntax-error"
    assert diags[0].range.start.line == 0
    change_document(client, uri, "def f(x):\n    return x\n", 2)
    await wait_for_diagnostics(client, uri, lambda d: len(d) == 0)


async def test_bad_configuration_is_reported_and_the_rest_applies(client: LanguageClient):
    options = {"clairvoyant": {"prediction": {"candidates": "many", "verifiedMode": True}, "nonsense": 1}}
    await initialize(client, client.capabilities_name, options=options, root=client.root)
    await wait_until(lambda: len(client.messages) >= 2)
    texts = " | ".join(m.message for m in client.messages)
    assert "clairvoyant.prediction.candidates must be an integer" in texts
    assert "unknown setting clairvoyant.nonsense" in texts
    status = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.toggleVerifiedMode")
    )
    assert status["verifiedMode"] is False, "verifiedMode=True was applied, so toggling turns it off"


async def test_configuration_change_notification(client: LanguageClient):
    await initialize(client, client.capabilities_name, root=client.root)
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"clairvoyant": {"llvm": {"samples": 0}}})
    )
    await wait_until(lambda: any("llvm.samples must be between" in m.message for m in client.messages))


async def test_untrusted_workspace_refuses_to_run_code(client: LanguageClient):
    await initialize(client, client.capabilities_name, options={"trusted": False}, root=client.root)
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.toggleVerifiedMode")
    )
    assert result["verifiedMode"] is False
    result = await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.synthesizeTransform", arguments=["demo"])
    )
    assert "trust this workspace" in result["error"]
    status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="clairvoyant.status"))
    assert status["trusted"] is False


async def test_bad_input_does_not_take_the_server_down(client: LanguageClient):
    await initialize(client, client.capabilities_name, root=client.root)
    junk = "\x00\xff\ufffd" * 1000 + "\n\x00garbage"
    uri = open_document(client, client.root / "junk.py", junk, "python")
    await wait_for_diagnostics(client, uri, lambda d: len(d) >= 1)
    # Positions far outside the document are clamped, not fatal.
    assert await hover(client, uri, 10_000, 10_000) is None
    ir_uri = open_document(client, client.root / "junk.ll", junk, "llvm")
    await hover(client, ir_uri, 0, 0)
    with pytest.raises(JsonRpcMethodNotFound):
        await client.protocol.send_request_async("clairvoyant/noSuchMethod", {})
    ok = open_document(client, client.root / "ok.py", "x = 1\n", "python")
    await wait_for_diagnostics(client, ok, lambda d: len(d) == 0)
    status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="clairvoyant.status"))
    assert status["version"]


async def test_huge_document_is_skipped_with_a_message(client: LanguageClient):
    await initialize(client, client.capabilities_name, options={"maxDocumentBytes": 10_000}, root=client.root)
    uri = open_document(client, client.root / "huge.py", "x = 1\n" * 20_000, "python")
    assert await hover(client, uri, 5, 1) is None
    await wait_until(lambda: any("maxDocumentBytes" in m.message for m in client.messages))
