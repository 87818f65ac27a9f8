"""Hover predictions a user can trust, through the real server: a bold value only above the confidence threshold,
an honest "not sure" below it, live values in verified mode, an external endpoint backend, and hovers that say why a
call cannot be predicted."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import LanguageClient

from fake_chat import FakeChat
from lsp_helpers import handle_refresh_requests, hover, initialize, open_document, server_config

ROOT = Path(__file__).resolve().parents[2]
DEMO = (ROOT / "examples" / "demo.py").read_text()
EXTRA = '''

def rotate(items, k):
    return items[k:] + items[:k]


class Stack:
    def __init__(self, items):
        self.items = list(items)

    def pop(self):
        return self.items.pop()


turn = rotate
print(turn([1, 2, 3], 1), Stack([1, 2]).pop())
data = input()
print(rotate(data, 1))
'''
LONG = "def long(x):\n" + "".join(f"    x = x + {i} * (x - {i}) // 7 + len(str(x)) - {i}\n" for i in range(160)) + \
    "    return x\n\nprint(long(3))\n"


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


async def _start(lsp_client: LanguageClient, tmp_path: Path, prediction: dict) -> LanguageClient:
    handle_refresh_requests(lsp_client)
    lsp_client.root = tmp_path
    await initialize(lsp_client, "neovim", options={"prediction": prediction}, root=tmp_path)
    return lsp_client


@pytest_lsp.fixture(config=server_config())
async def sure(lsp_client: LanguageClient, tmp_path):
    yield await _start(lsp_client, tmp_path, {"minConfidence": 0.0})
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=server_config())
async def unsure(lsp_client: LanguageClient, tmp_path):
    yield await _start(lsp_client, tmp_path, {"minConfidence": 1.0})
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(config=server_config())
async def verified(lsp_client: LanguageClient, tmp_path):
    yield await _start(lsp_client, tmp_path, {"minConfidence": 1.0, "verifiedMode": True})
    await lsp_client.shutdown_session()


async def _inlay_hints(client: LanguageClient, uri: str) -> list[types.InlayHint]:
    return await client.text_document_inlay_hint_async(
        types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=uri),
                              range=types.Range(start=types.Position(0, 0), end=types.Position(60, 0))))  # fmt: skip


async def _hover_text(client: LanguageClient, uri: str, text: str, needle: str, offset: int = 2) -> str:
    line = line_of(text, needle)
    result = await hover(client, uri, line, text.splitlines()[line].index(needle) + offset)
    assert result is not None, f"no hover on {needle!r}"
    return result.contents.value


async def test_confident_predictions_are_shown_in_bold_with_inlay_hints(sure: LanguageClient):
    uri = open_document(sure, sure.root / "demo.py", DEMO, "python")
    text = await _hover_text(sure, uri, DEMO, "running_total([3, 1, 4, 1, 5]))", 0)
    assert text.startswith("**Predicted:** `running_total([3, 1, 4, 1, 5])` → `")
    ast.literal_eval(text.split("→ `", 1)[1].split("`", 1)[0])
    assert "confidence" in text and "exec-predictor" in text
    hints = await _inlay_hints(sure, uri)
    assert hints and all(h.label.startswith("⇒ ") for h in hints)
    body = range(line_of(DEMO, "def running_total"), line_of(DEMO, "return out") + 1)
    assert any(h.position.line in body for h in hints)
    resolved = await sure.inlay_hint_resolve_async(hints[0])
    assert "Predicted by" in resolved.tooltip.value


async def test_below_the_threshold_the_hover_says_not_sure_and_no_hints(unsure: LanguageClient):
    uri = open_document(unsure, unsure.root / "demo.py", DEMO, "python")
    text = await _hover_text(unsure, uri, DEMO, "running_total([3, 1, 4, 1, 5]))", 0)
    assert text.startswith("Not sure what `running_total([3, 1, 4, 1, 5])` returns")
    assert "**Predicted" not in text and "minConfidence" in text and "nothing was run" in text
    assert not await _inlay_hints(unsure, uri)


async def test_verified_mode_shows_live_values_and_the_actual_result(verified: LanguageClient):
    uri = open_document(verified, verified.root / "demo.py", DEMO, "python")
    text = await _hover_text(verified, uri, DEMO, "running_total([3, 1, 4, 1, 5]))", 0)
    assert "**Actual:** `[3, 4, 8, 9, 14]`" in text
    hints = await _inlay_hints(verified, uri)
    labels = {h.position.line: h.label for h in hints}
    assert labels[line_of(DEMO, "total = total + n")] == "ran: total = 14"
    assert labels[line_of(DEMO, "out = []")] == "ran: out = []"
    assert labels[line_of(DEMO, "return out")] == "ran: return [3, 4, 8, 9, 14]"
    assert labels[line_of(DEMO, 'text = text.upper()')] == "ran: text = 'HELLO-WORLD'"
    resolved = await verified.inlay_hint_resolve_async(hints[0])
    assert "sandboxed run" in resolved.tooltip.value


async def test_hovers_explain_calls_that_cannot_be_predicted_and_resolve_aliases_and_methods(sure: LanguageClient):
    text = DEMO + EXTRA + "\n" + LONG
    uri = open_document(sure, sure.root / "demo.py", text, "python")
    assert (await _hover_text(sure, uri, text, "turn([1")).startswith("**Predicted:** `rotate([1, 2, 3], 1)` → `")
    method = await _hover_text(sure, uri, text, "Stack([1, 2]).pop()", 14)
    assert method.startswith(("**Predicted:** `Stack([1, 2]).pop()` → `", "Not sure what `Stack([1, 2]).pop()` returns"))
    assert "the argument `data` is not a literal" in await _hover_text(sure, uri, text, "rotate(data")
    assert "too long for the model" in await _hover_text(sure, uri, text, "long(3)")


@pytest.fixture
def chat():
    with FakeChat(lambda body: "[3, 4, 8, 9, 14]" if "running_total" in body["messages"][-1]["content"] else "'x'",
                  logprob=-0.05) as fake:  # fmt: skip
        yield fake


@pytest_lsp.fixture(config=server_config())
async def endpoint_client(lsp_client: LanguageClient, tmp_path, chat):
    yield await _start(lsp_client, tmp_path, {"backend": "openai", "url": chat.url, "model": "tiny-coder",
                                              "minConfidence": 0.5})
    await lsp_client.shutdown_session()


async def test_openai_backend_answers_hovers_from_the_endpoint(endpoint_client: LanguageClient, chat: FakeChat):
    client = endpoint_client
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    text = await _hover_text(client, uri, DEMO, "running_total([3, 1, 4, 1, 5]))", 0)
    assert text.startswith("**Predicted:** `running_total([3, 1, 4, 1, 5])` → `[3, 4, 8, 9, 14]`")
    assert "tiny-coder" in text and "external model" in text and "confidence 95%" in text
    request = chat.requests[-1]
    assert request["path"] == "/v1/chat/completions" and request["model"] == "tiny-coder"
    assert "def running_total" in request["messages"][-1]["content"]


@pytest_lsp.fixture(config=server_config())
async def endpoint_down(lsp_client: LanguageClient, tmp_path):
    with FakeChat([]) as chat:
        url = chat.url
    yield await _start(lsp_client, tmp_path, {"backend": "openai", "url": url, "model": "m"})
    await lsp_client.shutdown_session()


async def test_a_down_endpoint_is_reported_and_the_server_keeps_serving(endpoint_down: LanguageClient):
    client = endpoint_down
    uri = open_document(client, client.root / "demo.py", DEMO, "python")
    text = await _hover_text(client, uri, DEMO, "running_total([3, 1, 4, 1, 5]))", 0)
    assert text.startswith("Clairvoyant: no prediction (the endpoint") and "failed" in text
    assert any("unavailable" in m.message for m in client.messages)
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line_of(DEMO, "items == None"), 0),
                          end=types.Position(line_of(DEMO, "items == None"), 20)),
        context=types.CodeActionContext(diagnostics=[])))  # fmt: skip
    assert actions, "quick fixes still work"
