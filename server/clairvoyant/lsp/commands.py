"""workspace/executeCommand: teach a transform, optimize an IR document, copy its opt command, verified mode, status.

Arguments are typed in the handlers' signatures (pygls structures them with cattrs; wrong ones are InvalidParams);
an engine error becomes a message to the user and ``{"error": message}``.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import json
from collections.abc import Callable

from lsprotocol import types

from ..errors import ClairvoyantError
from .configuration import sandbox_notice
from .documents import LLVM, Snapshot
from .edits import text_edits
from .engines import Engines
from .server import ClairvoyantServer

SYNTHESIZE = "clairvoyant.synthesizeTransform"
OPTIMIZE = "clairvoyant.optimizeDocument"
COPY_OPT = "clairvoyant.copyOptCommand"
TOGGLE_VERIFIED = "clairvoyant.toggleVerifiedMode"
STATUS = "clairvoyant.status"


class CommandError(ClairvoyantError):
    """A command that cannot run: the message goes to the user."""


def synthesize_transform(engines: Engines, name: str) -> dict:
    """Synthesize ``.clairvoyant/transforms/NAME.py`` from ``NAME.examples.jsonl``."""
    if not engines.workspace.trusted:
        raise CommandError("teaching transforms runs workspace code; trust this workspace first")
    directory = engines.workspace.transform_dir
    if directory is None:
        raise CommandError("open a folder first: transforms are taught from .clairvoyant/transforms/NAME.examples.jsonl")
    if not name or not name.replace("-", "").replace("_", "").isalnum():
        raise CommandError(f"invalid transform name {name!r}: use letters, digits, '-' and '_'")
    examples_file = directory / f"{name}.examples.jsonl"
    if not examples_file.is_file():
        raise CommandError(f"no examples file {examples_file}")
    try:
        examples = [json.loads(line) for line in examples_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    except ValueError as exc:
        raise CommandError(f"{examples_file.name} is not valid JSON lines: {exc}") from exc
    from ..transforms import synthesize

    token = f"clairvoyant-synthesize-{name}"
    notifier = engines.notifier
    notifier.report_progress(token, f"Synthesizing transform {name}", f"{len(examples)} examples", 0)
    try:
        result = synthesize(examples, name)
        endpoint = engines.llm_endpoint()
        if not result.ok and endpoint is not None:
            notifier.log_message(f"embedded synthesis of {name} did not pass every example; asking the LLM at "
                                 f"{endpoint.url}")  # fmt: skip
            result = synthesize(examples, name, generator="llm", llm=endpoint)
    finally:
        notifier.report_progress(token, "", "done", 100)
    if not result.ok:
        raise CommandError(f"could not synthesize a transform that passes every example: {result.report}")
    (directory / f"{name}.py").write_text(result.module_source, encoding="utf-8")
    return {"name": name, "path": str(directory / f"{name}.py"), "report": result.report,
            "examples": len(examples)}


def optimized_edit(engines: Engines, snap: Snapshot) -> types.WorkspaceEdit:
    """The edit that replaces an IR document with its optimised, verified form."""
    result = engines.llvm.optimization(snap.text)
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=snap.uri, version=snap.version),
                edits=text_edits(snap, result.optimized_ir),
            )
        ]
    )


def opt_command(engines: Engines, snap: Snapshot) -> str:
    """The ``opt`` command line of the suggested pipeline."""
    return engines.llvm.optimization(snap.text).opt_command


def status(ls: ClairvoyantServer) -> dict:
    engines = ls.engines
    return {"version": ls.version, "trusted": engines.workspace.trusted, "models": engines.registry.status(),
            "modelsDir": str(engines.registry.models_dir), "stats": dict(ls.stats), "engines": engines.status()}


def register(server: ClairvoyantServer) -> None:
    def command(name: str) -> Callable:
        """Register a command handler; an engine error becomes a message and ``{"error": message}``."""

        def register_handler(fn: Callable) -> Callable:
            @functools.wraps(fn)
            async def run(ls: ClairvoyantServer, *args):
                try:
                    result = fn(ls, *args)
                    return await result if inspect.isawaitable(result) else result
                except ClairvoyantError as exc:
                    ls.tell_user(f"Clairvoyant: {exc}", types.MessageType.Error)
                    return {"error": str(exc)}

            server.command(name)(run)
            return fn

        return register_handler

    @command(SYNTHESIZE)
    async def synthesize_command(ls: ClairvoyantServer, name: str) -> dict:
        found = await ls.offload(synthesize_transform, ls.engines, name)
        engines = ls.replace_engines(reload_transforms=True)
        await ls.offload(lambda: engines.transforms)  # loaded now: the quick fix is offered at once
        ls.tell_user(f"Clairvoyant: transform '{name}' learned from {found.pop('examples')} examples and is now a "
                     "quick fix", types.MessageType.Info)  # fmt: skip
        return found

    @command(OPTIMIZE)
    async def optimize_document(ls: ClairvoyantServer, uri: str) -> None:
        edit = await ls.on_document(uri, optimized_edit, languages=(LLVM,))
        if edit is not None:
            ls.workspace_apply_edit(types.ApplyWorkspaceEditParams(edit=edit, label="Apply pipeline"))

    @command(COPY_OPT)
    async def copy_opt(ls: ClairvoyantServer, uri: str) -> str | None:
        command_line = await ls.on_document(uri, opt_command, languages=(LLVM,))
        if command_line is not None:
            ls.tell_user(f"opt command: {command_line}", types.MessageType.Info)
        return command_line

    @command(TOGGLE_VERIFIED)
    def toggle_verified(ls: ClairvoyantServer) -> dict:
        engines = ls.engines
        if not engines.workspace.trusted:
            ls.tell_user("Clairvoyant: verified mode runs your code, so it is disabled in untrusted workspaces")
            return {"verifiedMode": False}
        prediction = dataclasses.replace(engines.settings.prediction,
                                         verified_mode=not engines.settings.prediction.verified_mode)
        engines = ls.replace_engines(dataclasses.replace(engines.settings, prediction=prediction))
        ls.tell_user(f"Clairvoyant: verified mode {'on' if engines.verified else 'off'}", types.MessageType.Info)
        sandbox_notice(engines)
        return {"verifiedMode": engines.verified}

    server.command(STATUS)(status)
