"""End-to-end through the real server: hover predictions, inlay hints, quick fixes, LLVM code lens, cancellation."""

from __future__ import annotations

import ast
import asyncio
import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from clairvoyant.client import apply_edit
from lsp_helpers import (
    CLIENTS,
    change_document,
    code_actions,
    handle_refresh_requests,
    hover,
    initialize,
    open_document,
    server_config,
    wait_until,
    wait_until_async,
)

ROOT = Path(__file__).resolve().parents[2]
DEMO = (ROOT / "examples" / "demo.py").read_text()
HAS_LLVM = shutil.which("opt-19") is not None or Path("/usr/lib/llvm-19/bin/opt").exists()


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


@pytest_lsp.fixture(config=server_config(), params=CLIENTS)
async def client(request, lsp_client: LanguageClient, tmp_path):
    handle_refresh_requests(lsp_client)
    lsp_client.root = tmp_path
    await initialize(lsp_client, request.param, root=tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_hover_shows_a_prediction_for_a_call(client: LanguageClient):
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    line = line_of(DEMO, "print(running_total(")
    result = await hover(client, uri, line, DEMO.splitlines()[line].index("running_total") + 2)
    assert result is not None
    text = result.contents.value
    # a confident prediction in bold, or an honest "not sure" (tests/lsp/test_prediction_trust.py covers both)
    assert text.startswith(("**Predicted:** `running_total([3, 1, 4, 1, 5])` → `",
                            "Not sure what `running_total([3, 1, 4, 1, 5])` returns"))
    if text.startswith("**Predicted:**"):
        ast.literal_eval(text.split("→ `", 1)[1].split("`", 1)[0])  # the predicted value is a Python literal
    assert "exec-predictor" in text
    assert result.range.start.line == line
    # Not a call to a local function: no hover.
    assert await hover(client, uri, line, 1) is None


async def test_quick_fix_is_listed_resolved_and_applies(client: LanguageClient):
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    line = line_of(DEMO, "if items == None")
    actions = await code_actions(client, uri, (line, 0), (line, 30))
    fixes = [a for a in actions if a.kind.startswith("refactor.rewrite")]
    assert fixes, [a.title for a in actions]
    fix = fixes[0]
    if fix.edit is None:
        fix = await client.code_action_resolve_async(fix)
    new_text = apply_edit(DEMO, fix.edit)
    assert "if items is None:" in new_text
    ast.parse(new_text)
    assert new_text.count("\n") == DEMO.count("\n"), "only the changed node is edited"
    whole_file = [a for a in actions if a.kind.startswith("source.clairvoyant")]
    assert whole_file, "a source action applies a transform to the whole file"


async def test_stale_results_are_dropped(client: LanguageClient):
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    line = line_of(DEMO, "print(running_total(")
    params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, 8))
    pending = asyncio.wrap_future(client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, params))  # sent now
    for version in range(2, 6):
        change_document(client, uri, DEMO + "\n" * version, version)
    with pytest.raises(Exception, match="changed while the request was computed"):
        await pending  # the edits arrive while the prediction runs: its result is for an outdated version
    status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="clairvoyant.status"))
    assert status["stats"]["dropped_stale"] >= 1
    assert await hover(client, uri, line, 8) is not None


async def test_cancel_request_is_honoured(client: LanguageClient):
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    line = line_of(DEMO, "print(running_total(")
    params = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(line, 8))
    ids = [f"cancel-me-{i}" for i in range(20)]
    futures = [asyncio.wrap_future(client.protocol.send_request(types.TEXT_DOCUMENT_HOVER, params, msg_id=i))
               for i in ids]  # written to the server before the cancellations below
    for msg_id in ids:
        client.protocol.notify(types.CANCEL_REQUEST, types.CancelParams(id=msg_id))
    outcomes = await asyncio.gather(*futures, return_exceptions=True)
    cancelled = [o for o in outcomes if isinstance(o, Exception) and "cancel" in str(o).lower()]
    assert cancelled, "queued requests are cancelled"
    assert await hover(client, uri, line, 8) is not None


@pytest.mark.skipif(not HAS_LLVM, reason="LLVM 19 is not installed (scripts/setup.sh installs it)")
async def test_llvm_code_lens_hover_and_apply(client: LanguageClient):
    ll = next((ROOT / "examples").glob("*.ll"))
    text = ll.read_text()
    uri = open_document(client, client.root / ll.name, text, "llvm")

    async def settled():
        lenses = await client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        titles = [lens.command.title for lens in lenses]
        return titles if titles and not any("optimizing" in t for t in titles) else None

    async def poll():
        while not (titles := await settled()):
            await asyncio.sleep(0.3)
        return titles

    titles = await asyncio.wait_for(poll(), 120)
    assert titles[0].startswith("Module: ") and "instructions · -Oz" in titles[0] and "suggested" in titles[0]
    assert any(t.startswith("@") for t in titles[1:])
    define = line_of(text, "define ")
    result = await hover(client, uri, define, 10)
    assert result is not None and "instructions" in result.contents.value
    actions = await code_actions(client, uri, (0, 0), (0, 0))
    apply = [a for a in actions if a.title.startswith("Apply suggested pipeline")]
    assert apply and any(a.title.startswith("Copy opt command") for a in actions)
    action = apply[0] if apply[0].edit else await client.code_action_resolve_async(apply[0])
    optimized = apply_edit(text, action.edit)
    assert optimized != text and "define" in optimized


async def test_model_loading_reports_progress(client: LanguageClient):
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    line = line_of(DEMO, "print(running_total(")
    assert await hover(client, uri, line, 8) is not None
    if client.capabilities.window and client.capabilities.window.work_done_progress:
        token = "clairvoyant-load-exec-predictor"
        await wait_until(lambda: token in client.progress_reports and len(client.progress_reports[token]) >= 2)
        kinds = [report.kind for report in client.progress_reports[token]]
        assert kinds[0] == "begin" and kinds[-1] == "end"


@pytest_lsp.fixture(config=server_config())
async def configured_client(lsp_client: LanguageClient, tmp_path):
    handle_refresh_requests(lsp_client)
    lsp_client.root = tmp_path
    lsp_client.set_configuration({"prediction": {"enabled": False}}, section="clairvoyant")
    await initialize(lsp_client, "visual-studio-code", root=tmp_path)
    yield
    await lsp_client.shutdown_session()


async def test_settings_pulled_with_workspace_configuration(configured_client: LanguageClient):
    client = configured_client
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    line = line_of(DEMO, "print(running_total(")
    await wait_until(lambda: any("ready" in m.message for m in client.log_messages))
    assert await hover(client, uri, line, 8) is None, "prediction.enabled=false came from workspace/configuration"
    client.workspace_did_change_configuration(
        types.DidChangeConfigurationParams(settings={"clairvoyant": {"prediction": {"enabled": True}}})
    )
    result = await wait_until_async(lambda: hover(client, uri, line, 8))
    assert "running_total([3, 1, 4, 1, 5])" in result.contents.value
