"""Configuration: ``initializationOptions``, ``workspace/didChangeConfiguration`` and ``workspace/configuration``."""

from __future__ import annotations

from typing import Any

from lsprotocol import types

from .server import ClairvoyantServer

SECTION = "clairvoyant"


def _section(data: Any) -> Any:
    """Accept both ``{"clairvoyant": {...}}`` and the bare settings object."""
    if isinstance(data, dict) and SECTION in data:
        return data[SECTION]
    return data


def _supports_pull(ls: ClairvoyantServer) -> bool:
    workspace = getattr(ls.client_capabilities, "workspace", None)
    return bool(getattr(workspace, "configuration", False))


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
        ls.update_settings(result[0], "workspace/configuration")


def sandbox_notice(ls: ClairvoyantServer) -> None:
    """Tell the user once (window/showMessage) when an enabled feature needs the sandbox and it is unavailable."""
    from ..sandbox_isolation import isolation

    needs = [name for name, on in (("verified mode", ls.settings.prediction.verified_mode),
                                   ("LLM-written transforms", bool(ls.settings.llm.url))) if on]  # fmt: skip
    if not ls.trusted or not needs:
        return
    iso = isolation()
    if not iso.available:
        ls.tell_user(f"Clairvoyant: {' and '.join(needs)} will not run code: the sandbox is unavailable "
                     f"({iso.detail})", types.MessageType.Warning)  # fmt: skip


def register(server: ClairvoyantServer) -> None:
    @server.feature(types.INITIALIZE)
    def initialize(ls: ClairvoyantServer, params: types.InitializeParams) -> None:
        options = params.initialization_options or {}
        if isinstance(options, dict) and "trusted" in options:
            ls.trusted = bool(options["trusted"])
        settings = _section(options)
        if isinstance(settings, dict):
            settings = {k: v for k, v in settings.items() if k != "trusted"}
        ls.update_settings(settings, "initializationOptions")

    @server.feature(types.INITIALIZED)
    async def initialized(ls: ClairvoyantServer, params: types.InitializedParams) -> None:
        await pull_configuration(ls)
        models = ls.registry.available()
        trust = "trusted" if ls.trusted else "untrusted (no workspace code is run)"
        ls.log_message(
            f"Clairvoyant {ls.version} ready; models: {', '.join(models) or 'none'}; workspace {trust}"
        )
        await ls.offload(sandbox_notice, ls)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: ClairvoyantServer, params: types.DidChangeConfigurationParams) -> None:
        settings = _section(params.settings)
        if isinstance(settings, dict) and settings:
            ls.update_settings(settings, "workspace/didChangeConfiguration")
        else:
            await pull_configuration(ls)
        ls.call_in_loop(lambda: _refresh(ls))
        await ls.offload(sandbox_notice, ls)


def _refresh(ls: ClairvoyantServer) -> None:
    """Ask the client to re-request inlay hints and code lenses after a settings change."""
    workspace = getattr(ls.client_capabilities, "workspace", None)
    if getattr(getattr(workspace, "inlay_hint", None), "refresh_support", False):
        ls.workspace_inlay_hint_refresh(None)
    if getattr(getattr(workspace, "code_lens", None), "refresh_support", False):
        ls.workspace_code_lens_refresh(None)
