"""Fast checks of the editor configurations against the server: settings mirrored in the VS Code extension, the Helix
languages.toml against Helix's documented keys, the extension's manifest."""

from __future__ import annotations

import json
import re

import tomllib
from editor_env import ROOT

from clairvoyant.config import settings_from, settings_reference

PACKAGE = json.loads((ROOT / "vscode-extension" / "package.json").read_text())
PROPERTIES = PACKAGE["contributes"]["configuration"]["properties"]
CLIENT_ONLY = {"clairvoyant.server.path", "clairvoyant.server.pythonPath", "clairvoyant.server.extraArgs",
               "clairvoyant.trace.server"}


def test_vscode_settings_mirror_the_server_settings():
    server = {key: (default, doc) for key, default, doc in settings_reference()}
    assert set(PROPERTIES) - CLIENT_ONLY == set(server), "package.json settings differ from config.Settings"
    for key, (default, doc) in server.items():
        prop = PROPERTIES[key]
        assert prop["default"] == default, key
        expected_type = {bool: "boolean", int: "integer", float: "number", str: "string"}[type(default)]
        assert prop["type"] == expected_type, key
        if choices := re.search(r"one of (.*)", doc):
            assert prop["enum"] == [c.strip() for c in choices.group(1).split(",")], key
        if bounds := re.search(r"from ([\d.]+) to ([\d.]+)", doc):
            assert (prop["minimum"], prop["maximum"]) == (float(bounds.group(1)), float(bounds.group(2))), key


def test_vscode_extension_server_keys_are_the_ones_it_strips():
    source = (ROOT / "vscode-extension" / "src" / "server.ts").read_text()
    stripped = set(re.search(r"CLIENT_ONLY_KEYS = \[(.*?)\]", source).group(1).replace("'", "").replace(" ", "")
                   .split(","))
    assert {key.split(".")[1] for key in CLIENT_ONLY} == stripped


def test_vscode_manifest_contributes_llvm_and_the_commands():
    contributes = PACKAGE["contributes"]
    assert {"id": "llvm", "extensions": [".ll"]}.items() <= contributes["languages"][0].items()
    commands = {c["command"] for c in contributes["commands"]}
    assert {"clairvoyant.restart", "clairvoyant.teachTransform", "clairvoyant.optimizeFile",
            "clairvoyant.toggleVerified", "clairvoyant.learnFromEdit"} <= commands
    # The server's own command ids are registered by vscode-languageclient; the extension must not reuse them
    # (clairvoyant.learnFromEdit is the server's, contributed for its palette title, completed by the middleware).
    assert not commands & {"clairvoyant.synthesizeTransform", "clairvoyant.optimizeDocument",
                           "clairvoyant.toggleVerifiedMode", "clairvoyant.status", "clairvoyant.copyOptCommand"}
    def version(spec: str) -> tuple[int, ...]:
        return tuple(int(part) for part in spec.lstrip("~^").split("."))

    # vsce refuses to package when @types/vscode is newer than engines.vscode.
    assert version(PACKAGE["devDependencies"]["@types/vscode"]) <= version(PACKAGE["engines"]["vscode"])


# Keys documented at docs.helix-editor.com/languages.html (language and language-server tables).
HELIX_SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
HELIX_FEATURES = {"format", "goto-definition", "goto-declaration", "goto-type-definition", "goto-reference",
                  "goto-implementation", "signature-help", "hover", "document-highlight", "completion", "code-action",
                  "workspace-command", "document-symbols", "workspace-symbols", "diagnostics", "rename-symbol",
                  "inlay-hints"}


def test_helix_languages_toml_uses_documented_keys():
    config = tomllib.loads((ROOT / "editors" / "helix" / "languages.toml").read_text())
    server = config["language-server"]["clairvoyant"]
    assert set(server) <= HELIX_SERVER_KEYS
    assert server["command"] == "clairvoyant" and server["args"] == ["serve"]
    assert server["config"]["trusted"] is True
    assert settings_from(server["config"]["clairvoyant"])[1] == [], "config must hold valid server settings"
    languages = {lang["name"]: lang for lang in config["language"]}
    assert set(languages) == {"python", "llvm"}
    for lang in languages.values():
        names = [s if isinstance(s, str) else s["name"] for s in lang["language-servers"]]
        assert "clairvoyant" in names
        for entry in lang["language-servers"]:
            if isinstance(entry, dict):
                assert set(entry.get("only-features", [])) <= HELIX_FEATURES
