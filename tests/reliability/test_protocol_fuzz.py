"""Random and malformed traffic against the real server; after every batch it must still answer a hover correctly."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from raw_lsp import RawServer

GOOD = "def double(x):\n    y = x * 2\n    return y\n\n\nprint(double(21))\n"
METHODS = [
    "textDocument/hover", "textDocument/codeAction", "textDocument/inlayHint", "textDocument/codeLens",
    "codeAction/resolve", "inlayHint/resolve", "workspace/executeCommand", "textDocument/didChange",
    "textDocument/didOpen", "textDocument/didClose", "workspace/didChangeConfiguration", "$/cancelRequest",
    "clairvoyant/unknown", "textDocument/completion", "",
]
COUNTS = {"batches": 0, "messages": 0}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
positions = st.fixed_dictionaries({"line": st.integers(-5, 10**6), "character": st.integers(-5, 10**6)})
doc_texts = st.one_of(
    st.text(max_size=400),
    st.binary(max_size=400).map(lambda b: b.decode("latin-1")),
    st.sampled_from([GOOD, "def f(:\n", "x = (\n" * 50, "\x00" * 100, "define i32 @f() {\n  ret i32 0\n}\n"]),
)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    srv = RawServer()
    srv.initialize(root.as_uri())
    srv.root = root
    srv.good_uri = (root / "good.py").as_uri()
    srv.notify("textDocument/didOpen", {"textDocument": {"uri": srv.good_uri, "languageId": "python", "version": 1,
                                                          "text": GOOD}})
    yield srv
    alive = srv.proc.poll() is None
    srv.close()
    print(f"\nprotocol fuzz: {COUNTS['batches']} batches, {COUNTS['messages']} messages; server alive: {alive}")


@st.composite
def messages(draw, root) -> bytes:
    """One framed-body message: junk bytes, random JSON, wrongly shaped JSON-RPC, odd positions, random edits."""
    kind = draw(st.sampled_from(["junk", "json", "shaped", "position", "open", "change", "close"]))
    uri = (root / draw(st.sampled_from(["a.py", "b.ll", "c.py", "good.py.x"]))).as_uri()
    if kind == "junk":
        return draw(st.binary(min_size=1, max_size=200))
    if kind == "json":
        return json.dumps(draw(json_values)).encode()
    if kind == "shaped":
        body = {"jsonrpc": "2.0", "method": draw(st.sampled_from(METHODS)), "params": draw(json_values)}
        if draw(st.booleans()):
            body["id"] = draw(st.integers(10**6, 10**7) | st.text(max_size=8))
        return json.dumps(body).encode()
    if kind == "position":
        method = draw(st.sampled_from(["textDocument/hover", "textDocument/codeAction", "textDocument/inlayHint"]))
        start, end = draw(positions), draw(positions)
        params = {"textDocument": {"uri": uri}, "position": start, "range": {"start": start, "end": end},
                  "context": {"diagnostics": []}}
        return json.dumps({"jsonrpc": "2.0", "id": draw(st.integers(10**6, 10**7)), "method": method,
                           "params": params}).encode()
    if kind == "open":
        language = draw(st.sampled_from(["python", "llvm", "lifelines", "plaintext"]))
        doc = {"uri": uri, "languageId": language, "version": 1, "text": draw(doc_texts)}
        return json.dumps({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                           "params": {"textDocument": doc}}).encode()
    if kind == "change":
        change = {"range": {"start": draw(positions), "end": draw(positions)}, "text": draw(doc_texts)}
        if draw(st.booleans()):
            change = {"text": draw(doc_texts)}
        params = {"textDocument": {"uri": uri, "version": draw(st.integers(0, 1000))}, "contentChanges": [change]}
        return json.dumps({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": params}).encode()
    return json.dumps({"jsonrpc": "2.0", "method": "textDocument/didClose",
                       "params": {"textDocument": {"uri": uri}}}).encode()


def assert_still_serving(server: RawServer) -> None:
    reply = server.request("workspace/executeCommand", {"command": "clairvoyant.status"})
    assert "result" in reply and reply["result"]["version"], reply
    reply = server.request("textDocument/hover", {"textDocument": {"uri": server.good_uri},
                                                  "position": {"line": 5, "character": 8}})
    assert "error" not in reply, reply
    hover = reply["result"]
    assert hover is not None and "double(21)" in hover["contents"]["value"], hover


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(data=st.data())
def test_server_survives_random_traffic(server, data):
    batch = data.draw(st.integers(1, 12))
    for _ in range(batch):
        server.send_raw(data.draw(messages(server.root)))
    COUNTS["batches"] += 1
    COUNTS["messages"] += batch
    assert server.proc.poll() is None, "the server process died"
    assert_still_serving(server)


def test_large_documents_and_rapid_open_close(server):
    big = "x = 1\n" * 10_000
    huge = "# " + "a" * 1_048_576 + "\n"
    for i in range(30):
        uri = (server.root / f"rapid{i % 3}.py").as_uri()
        text = big if i % 2 else huge
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": i,
                                                              "text": text}})
        server.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 1}},
                       wait=False)
        server.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    COUNTS["messages"] += 90
    assert_still_serving(server)
