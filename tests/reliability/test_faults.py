"""Faults: a missing, truncated or tampered model, and a crashing handler — the server says so and keeps serving."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pytest_lsp import LanguageClient

from lsp_helpers import (
    code_actions,
    handle_refresh_requests,
    hover,
    initialize,
    open_document,
    server_config,
    wait_until,
)

ROOT = Path(__file__).resolve().parents[2]
SOURCE = "def double(x):\n    y = x * 2\n    return y\n\n\nif double(4) == None:\n    pass\n"


def broken_models(tmp: Path, how: str) -> Path:
    """A copy of the shipped models with the execution model damaged in one way."""
    target = tmp / "models"
    shutil.copytree(ROOT / "models", target)
    model = target / "exec-predictor" / "model.onnx"
    if how == "missing":
        model.unlink()
    elif how == "truncated":
        model.write_bytes(model.read_bytes()[: model.stat().st_size // 2])
    elif how == "tampered":
        data = bytearray(model.read_bytes())
        data[len(data) // 2] ^= 0xFF
        model.write_bytes(bytes(data))
    return target


@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient, tmp_path):
    handle_refresh_requests(lsp_client)
    lsp_client.root = tmp_path
    yield
    await lsp_client.shutdown_session()


@pytest.mark.parametrize("how", ["missing", "truncated", "tampered"])
async def test_damaged_model_is_refused_and_the_rest_keeps_working(client: LanguageClient, how):
    models = broken_models(client.root, how)
    await initialize(client, options={"modelsDir": str(models)}, root=client.root)
    uri = open_document(client, client.root / "f.py", SOURCE, "python")
    result = await hover(client, uri, 5, 4)
    assert result is not None and "no prediction" in result.contents.value
    expected = "is missing" if how == "missing" else "checksum mismatch"
    assert expected in result.contents.value
    await wait_until(lambda: any(expected in m.message for m in client.messages))
    # Quick fixes do not need that model and keep working.
    actions = await code_actions(client, uri, (5, 0), (5, 20))
    assert any("None" in a.title for a in actions)
    status = await client.workspace_execute_command_async(types.ExecuteCommandParams(command="clairvoyant.status"))
    assert status["models"]["exec-predictor"].startswith("error")


async def test_engine_errors_become_messages_and_bad_data_is_invalid_params(client: LanguageClient):
    await initialize(client, root=client.root)
    uri = open_document(client, client.root / "f.py", SOURCE, "python")
    # A resolve whose data names a transform that does not exist: a message, the action back without an edit.
    action = await client.code_action_resolve_async(
        types.CodeAction(title="x", data={"uri": uri, "version": 1, "transform": "no-such-transform", "lines": [0, 1]})
    )
    assert action.edit is None
    await wait_until(lambda: any("no-such-transform" in m.message for m in client.messages))
    with pytest.raises(JsonRpcInvalidParams, match="not listed by Clairvoyant"):
        await client.code_action_resolve_async(types.CodeAction(title="x", data={"transform": 3}))
    assert await client.workspace_execute_command_async(
        types.ExecuteCommandParams(command="clairvoyant.optimizeDocument", arguments=["file:///not/open.ll"])) is None
    await wait_until(lambda: any("is not open in the editor" in m.message for m in client.messages))
    with pytest.raises(JsonRpcInvalidParams):
        await client.workspace_execute_command_async(
            types.ExecuteCommandParams(command="clairvoyant.copyOptCommand", arguments=["a", "b"]))
    result = await hover(client, uri, 5, 4)
    assert result is not None and "double(4)" in result.contents.value
