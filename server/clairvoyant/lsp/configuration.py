"""Lifecycle and configuration: ``initialize`` (``initializationOptions``), ``initialized`` (the event loop,
``workspace/configuration``), ``workspace/didChangeConfiguration``, workspace folders and ``shutdown`` (the pools close)."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .engines import Engines
from .server import ClairvoyantServer

SECTION = "clairvoyant"


def _section(data: Any) -> Any:
    """Accept both ``{"clairvoyant": {...}}`` and the bare settings object."""
    if isinstance(data, dict) and SECTION in data:
        return data[SECTION]
    return data


def _supports_pull(ls: ClairvoyantServer) -> bool:
    return ls.client_supports("workspace", "configuration")


async def pull_configuration(ls: ClairvoyantServer) -> None:
    """Ask the client for the ``clairvoyant`` section (clients that support workspace/configuration)."""
    if not _supports_pull(ls):
        return
    try:
        result = await ls.workspace_configuration_async(
            types.ConfigurationParams(items=[types.ConfigurationItem(section=SECTION)])
        )
    except Exception as exc:  # noqa: BLE001 - a client that fails this request keeps the current settings
        ls.log_message(f"workspace/configuration failed: {exc}", types.MessageType.Warning)
        return
    if result and result[0] is not None:
        ls.configure(result[0], "workspace/configuration")


def sandbox_notice(engines: Engines) -> None:
    """Tell the user once (window/showMessage) when an enabled feature needs the sandbox and it is unavailable."""
    from ..sandbox_isolation import isolation

    needs = [name for name, on in (("verified mode", engines.verified),
                                   ("LLM-written transforms", bool(engines.settings.llm.url))) if on]  # fmt: skip
    if not engines.workspace.trusted or not needs:
        return
    iso = isolation()
    if not iso.available:
        engines.notifier.tell_user(f"Clairvoyant: {' and '.join(needs)} will not run code: the sandbox is "
                                   f"unavailable ({iso.detail})", types.MessageType.Warning)  # fmt: skip


def register(server: ClairvoyantServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: ClairvoyantServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        trusted = bool(options.get("trusted", True)) if isinstance(options, dict) else True
        settings = _section(options)
        if isinstance(settings, dict):
            settings = {k: v for k, v in settings.items() if k != "trusted"}
        ls.configure(settings, "initializationOptions", ls.workspace_of_client(trusted))

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ClairvoyantServer, params: types.InitializedParams) -> None:
        ls.started()
        await pull_configuration(ls)
        engines = ls.engines
        trust = "trusted" if engines.workspace.trusted else "untrusted (no workspace code is run)"
        ls.log_message(f"Clairvoyant {ls.version} ready; models: {', '.join(engines.registry.available()) or 'none'}; "
                       f"workspace {trust}")  # fmt: skip
        await ls.offload(sandbox_notice, engines)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: ClairvoyantServer, params: types.DidChangeConfigurationParams) -> None:
        settings = _section(params.settings)
        if isinstance(settings, dict) and settings:
            ls.configure(settings, "workspace/didChangeConfiguration")
        else:
            await pull_configuration(ls)
        ls.refresh_inlay_hints()
        ls.refresh_code_lens()
        await ls.offload(sandbox_notice, ls.engines)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: ClairvoyantServer, *args) -> None:
        ls.close()

    @server.feature(types.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    def did_change_workspace_folders(ls: ClairvoyantServer, params: types.DidChangeWorkspaceFoldersParams) -> None:
        ls.replace_engines(workspace=ls.workspace_of_client(ls.engines.workspace.trusted))
