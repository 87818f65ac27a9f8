"""Every setting in the schema takes effect at run time: each one is changed the way workspace/didChangeConfiguration
changes it (new frozen Settings → engines rebuilt where affected → swapped) and its effect is observed."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.workspace import Workspace as PyglsWorkspace
from pytest_lsp import LanguageClient
from test_feature_logic import DEMO, HAS_LLVM, _actions, hover_text

from clairvoyant.config import settings_reference
from clairvoyant.lsp.code_lens import lenses
from clairvoyant.lsp.diagnostics import python_diagnostics
from clairvoyant.lsp.engines import Workspace
from clairvoyant.lsp.inlay_hints import hints
from clairvoyant.lsp.server import ClairvoyantServer, DocumentTooLarge
from engines_helpers import engines_for, snapshot
from lsp_helpers import (
    code_actions,
    handle_refresh_requests,
    initialize,
    open_document,
    server_config,
    wait_until_async,
)

ROOT = Path(__file__).resolve().parents[2]
LL = next((ROOT / "examples").glob("*.ll"))
NONE_LINE = next(i for i, ln in enumerate(DEMO.splitlines()) if "if items == None" in ln)


def workspace_transform(root: Path) -> Path:
    """A taught transform in the workspace: a copy of a shipped one under another name."""
    folder = root / ".clairvoyant" / "transforms"
    folder.mkdir(parents=True)
    source = ROOT / "server/clairvoyant/transforms/library/none_comparison.py"
    text = source.read_text().replace("NAME = '", "NAME = 'workspace-", 1).replace("TITLE = '", "TITLE = 'Taught: ", 1)
    (folder / "taught.py").write_text(text)
    return folder


def _hints(engines):
    snap = snapshot(DEMO)
    return hints(engines, snap, types.InlayHintParams(text_document=types.TextDocumentIdentifier(uri=snap.uri),
                                                      range=snap.full_range()))


def _titles(engines):
    return [a.title for a in _actions(engines, DEMO, NONE_LINE)[1]]


def _sources(engines) -> set[str]:
    """Where the candidates of the LLVM example's optimisation came from."""
    return {c["source"] for c in engines.llvm.optimization(LL.read_text()).candidates}


def _lib(engines) -> str | None:
    return engines.llvm.status()["toolchain"].get("library")


def fake_llvm_dir(tmp: Path) -> Path:
    """An LLVM prefix of our own that links to the installed library, so the toolchain found shows where it came from."""
    real = Path("/usr/lib/llvm-19/lib/libLLVM.so.19.1")
    (tmp / "llvm" / "lib").mkdir(parents=True)
    (tmp / "llvm" / "lib" / real.name).symlink_to(real)
    return tmp / "llvm"


# key → (change, check(engines before, engines after, tmp)): the effect of the change, seen through the engines
EFFECTS = {
    "clairvoyant.prediction.enabled": (False, lambda a, b, t: hover_text(a, DEMO, "print(running_total(", 8) is not None
                                       and hover_text(b, DEMO, "print(running_total(", 8) is None),
    "clairvoyant.prediction.backend": ("openai", lambda a, b, t: "needs an endpoint URL"
                                       in hover_text(b, DEMO, "print(running_total(", 8)),
    "clairvoyant.prediction.model": ("no-such-model", lambda a, b, t: "no-such-model"
                                     in hover_text(b, DEMO, "print(running_total(", 8)),
    "clairvoyant.prediction.strategy": ("scratchpad", lambda a, b, t: b.predictions.predictor().strategy
                                        == "scratchpad" != a.predictions.predictor().strategy),
    "clairvoyant.prediction.candidates": (1, lambda a, b, t: b.predictions.predictor().n_candidates == 1),
    "clairvoyant.prediction.minConfidence": (1.0, lambda a, b, t: hover_text(b, DEMO, "print(running_total(", 8)
                                             .startswith("Not sure")),
    "clairvoyant.prediction.inlayHints": (False, lambda a, b, t: _hints(b) == []),
    "clairvoyant.prediction.verifiedMode": (True, lambda a, b, t: b.verified and not a.verified
                                            and "(verified mode" in hover_text(b, DEMO, "print(running_total(", 8)),
    "clairvoyant.prediction.timeoutS": (7.0, lambda a, b, t: b.live_values.timeout_s == 7.0),
    "clairvoyant.prediction.url": ("http://127.0.0.1:9/v1", lambda a, b, t: True),  # checked with backend below
    "clairvoyant.prediction.apiKeyEnv": ("CLAIRVOYANT_TEST_KEY", lambda a, b, t: True),  # checked with backend below
    "clairvoyant.transforms.enabled": (False, lambda a, b, t: _titles(a) and _titles(b) == []),
    "clairvoyant.transforms.hintDiagnostics": (True, lambda a, b, t: not python_diagnostics(a, snapshot(DEMO))
                                               and python_diagnostics(b, snapshot(DEMO))),
    "clairvoyant.transforms.workspaceTransforms": (False, lambda a, b, t: any(x.startswith("Taught") for x in
                                                   _titles(a)) and not any(x.startswith("Taught") for x in _titles(b))),
    "clairvoyant.llvm.enabled": (False, lambda a, b, t: b.settings.llvm.enabled is False
                                 and lenses(b, snapshot(LL.read_text(), LL.name)) == []),
    "clairvoyant.llvm.model": ("no-such-model", lambda a, b, t: b.llvm.settings.model == "no-such-model"
                               and _sources(a) >= {"-Oz", "ranker", "sampler"}
                               and _sources(b) == {"-Oz", "ranker"}),  # no sampling model: the ranker's lists
    "clairvoyant.llvm.samples": (1, lambda a, b, t: b.llvm.optimization(LL.read_text()).compilations == 1),
    "clairvoyant.llvm.timeBudgetS": (0.5, lambda a, b, t: b.llvm.status()["timeBudgetS"] == 0.5),
    "clairvoyant.llvm.llvmDir": (None, lambda a, b, t: _lib(b).startswith(str(t)) and not _lib(a).startswith(str(t))),
    "clairvoyant.llm.url": ("http://127.0.0.1:9/v1", lambda a, b, t: a.llm_endpoint() is None
                            and b.llm_endpoint().url == "http://127.0.0.1:9/v1"),
    "clairvoyant.llm.model": ("m", lambda a, b, t: True),  # checked with llm.url below
    "clairvoyant.llm.apiKeyEnv": ("CLAIRVOYANT_TEST_KEY", lambda a, b, t: True),  # checked with llm.url below
    "clairvoyant.modelsDir": (None, lambda a, b, t: b.registry.models_dir == t and "no prediction"
                              in hover_text(b, DEMO, "print(running_total(", 8)),
    "clairvoyant.provider": ("cpu", lambda a, b, t: b.registry.provider == "cpu" and a.registry is not b.registry),
    "clairvoyant.maxDocumentBytes": (1_000, lambda a, b, t: b.settings.max_document_bytes == 1_000),
    "clairvoyant.logLevel": ("error", lambda a, b, t: logging.getLogger("clairvoyant").level == logging.ERROR),
}
TOGETHER = {  # settings whose effect shows only with another one
    "clairvoyant.prediction.url": {"prediction": {"backend": "openai"}},
    "clairvoyant.prediction.apiKeyEnv": {"prediction": {"backend": "openai", "url": "http://127.0.0.1:9/v1"}},
    "clairvoyant.llm.model": {"llm": {"url": "http://127.0.0.1:9/v1"}},
    "clairvoyant.llm.apiKeyEnv": {"llm": {"url": "http://127.0.0.1:9/v1"}},
    "clairvoyant.llvm.model": {"llvm": {"samples": 5, "timeBudgetS": 60.0}},  # slots for sampled lists
}
EXTRA_CHECKS = {
    "clairvoyant.prediction.url": lambda b: b.predictions.predictor().endpoint.url == "http://127.0.0.1:9/v1",
    "clairvoyant.prediction.apiKeyEnv": lambda b: b.predictions.predictor().endpoint.api_key == "sekrit",
    "clairvoyant.llm.model": lambda b: b.llm_endpoint().model == "m",
    "clairvoyant.llm.apiKeyEnv": lambda b: b.llm_endpoint().api_key == "sekrit",
}
LLVM_KEYS = {k for k in EFFECTS if ".llvm." in k}


def test_every_setting_in_the_schema_has_an_effect_test():
    assert {key for key, _, _ in settings_reference()} == set(EFFECTS)


def _nested(key: str, value) -> dict:
    data: dict = {}
    node = data
    parts = key.split(".")[1:]
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value
    return data


def _merge(a: dict, b: dict) -> dict:
    out = dict(a)
    for k, v in b.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


@pytest.mark.parametrize("key", sorted(EFFECTS))
def test_setting_takes_effect_at_run_time(key, tmp_path, monkeypatch):
    if key in LLVM_KEYS and not HAS_LLVM:
        pytest.skip("LLVM 19 is not installed")
    monkeypatch.setenv("CLAIRVOYANT_TEST_KEY", "sekrit")
    value, check = EFFECTS[key]
    if key.endswith("llvmDir"):
        value = str(fake_llvm_dir(tmp_path))
    elif key.endswith("modelsDir"):
        value = str(tmp_path)
    workspace_transform(tmp_path)
    base = {"prediction": {"minConfidence": 0.0}, "llvm": {"samples": 3, "timeBudgetS": 1.0}}
    before = engines_for(_merge(base, TOGETHER.get(key, {})), root=tmp_path)
    level = logging.getLogger("clairvoyant").level
    try:
        after = engines_for(_nested(key, value), previous=before)
        assert check(before, after, tmp_path)
        assert EXTRA_CHECKS.get(key, lambda b: True)(after)
    finally:
        logging.getLogger("clairvoyant").setLevel(level)


def test_server_swaps_engines_and_keeps_unaffected_ones(tmp_path):
    server = ClairvoyantServer()
    server.replace_engines(workspace=Workspace(trusted=True, root=tmp_path))
    first = server.engines
    server.configure({"prediction": {"candidates": 2}}, "workspace/didChangeConfiguration")
    second = server.engines
    assert second is not first and second.settings.prediction.candidates == 2
    assert first.settings.prediction.candidates == 3, "settings are replaced, never mutated"
    assert second.registry is first.registry and second.llvm is first.llvm and second._transforms is first._transforms
    assert second.predictions is not first.predictions
    uri = (tmp_path / "big.py").as_uri()
    server.protocol._workspace = PyglsWorkspace(tmp_path.as_uri())  # what `initialize` does
    server.workspace.put_text_document(types.TextDocumentItem(uri=uri, language_id="python", version=1,
                                                              text="x = 1\n" * 500))
    server.snapshot(uri, server.engines.settings.max_document_bytes)
    server.configure({"maxDocumentBytes": 1_000}, "workspace/didChangeConfiguration")
    with pytest.raises(DocumentTooLarge, match="maxDocumentBytes"):
        server.snapshot(uri, server.engines.settings.max_document_bytes)
    server.close()


def test_llvm_dir_is_a_parameter_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("CLAIRVOYANT_LLVM_DIR", raising=False)
    server = ClairvoyantServer()
    server.configure({"llvm": {"llvmDir": str(tmp_path)}}, "workspace/didChangeConfiguration")
    assert "CLAIRVOYANT_LLVM_DIR" not in os.environ
    assert server.engines.llvm.backend.llvm_dir == str(tmp_path)
    server.close()


# ---- the same through the real server: workspace/didChangeConfiguration over JSON-RPC -------------------------------

@pytest_lsp.fixture(config=server_config())
async def client(lsp_client: LanguageClient, tmp_path):
    handle_refresh_requests(lsp_client)
    lsp_client.root = tmp_path
    workspace_transform(tmp_path)
    await initialize(lsp_client, "visual-studio-code", root=tmp_path)
    yield
    await lsp_client.shutdown_session()


def change_configuration(client: LanguageClient, settings: dict) -> None:
    client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings={"clairvoyant": settings}))


async def status(client: LanguageClient) -> dict:
    return await client.workspace_execute_command_async(types.ExecuteCommandParams(command="clairvoyant.status"))


async def test_workspace_transforms_setting_applies_at_run_time(client: LanguageClient):
    uri = open_document(client, client.root / "demo.py", DEMO, "python")

    async def titles():
        return [a.title for a in await code_actions(client, uri, (NONE_LINE, 0), (NONE_LINE, 30))]

    assert any(t.startswith("Taught: ") for t in await titles())
    change_configuration(client, {"transforms": {"workspaceTransforms": False}})
    await wait_until_async(lambda: _none_taught(titles))
    change_configuration(client, {"transforms": {"workspaceTransforms": True}})
    assert any(t.startswith("Taught: ") for t in await wait_until_async(titles))


async def _none_taught(titles) -> bool:
    found = await titles()
    return bool(found) and not any(t.startswith("Taught: ") for t in found)


@pytest.mark.skipif(not HAS_LLVM, reason="LLVM 19 is not installed (scripts/setup.sh installs it)")
async def test_llvm_model_and_dir_apply_at_run_time(client: LanguageClient, tmp_path):
    prefix = fake_llvm_dir(tmp_path)
    assert not (await status(client))["engines"]["llvm"]["toolchain"]["library"].startswith(str(prefix))
    change_configuration(client, {"llvm": {"model": "no-such-model", "samples": 3, "llvmDir": str(prefix)}})
    llvm = (await wait_until_async(lambda: _status_with(client, "no-such-model")))["engines"]["llvm"]
    assert llvm["toolchain"]["library"].startswith(str(prefix)), "the library of llvm.llvmDir is used"
    uri = open_document(client, client.root / LL.name, LL.read_text(), "llvm")

    async def settled():
        lenses = await client.text_document_code_lens_async(
            types.CodeLensParams(text_document=types.TextDocumentIdentifier(uri=uri)))
        titles = [lens.command.title for lens in lenses]
        return titles if titles and "suggested" in titles[0] else None

    module = (await wait_until_async(settled, timeout=120))[0]
    assert "instructions · -Oz" in module  # the ranker alone, through the library of llvm.llvmDir


async def _status_with(client: LanguageClient, model: str) -> dict | None:
    found = await status(client)
    return found if found["engines"]["llvm"]["model"] == model else None
