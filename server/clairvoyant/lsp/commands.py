"""workspace/executeCommand: teach a transform, optimize an IR document, copy its opt command, verified mode, status."""

from __future__ import annotations

import json
import os
from typing import Any

from lsprotocol import types

from .code_actions import transform_library, workspace_transform_dir
from .code_lens import optimization
from .configuration import sandbox_notice
from .edits import text_edits
from .server import ClairvoyantServer

SYNTHESIZE = "clairvoyant.synthesizeTransform"
OPTIMIZE = "clairvoyant.optimizeDocument"
COPY_OPT = "clairvoyant.copyOptCommand"
TOGGLE_VERIFIED = "clairvoyant.toggleVerifiedMode"
STATUS = "clairvoyant.status"


class CommandError(Exception):
    """A command that cannot run: the message goes to the user."""


def _arg(args: tuple, index: int, default: Any = None) -> Any:
    return args[index] if len(args) > index else default


def synthesize_transform(ls: ClairvoyantServer, name: str) -> dict:
    """Synthesize ``.clairvoyant/transforms/NAME.py`` from ``NAME.examples.jsonl`` and offer it at once."""
    if not ls.trusted:
        raise CommandError("teaching transforms runs workspace code; trust this workspace first")
    directory = workspace_transform_dir(ls)
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
    ls.report_progress(token, f"Synthesizing transform {name}", f"{len(examples)} examples", 0)
    try:
        result = synthesize(examples, name)
        llm = ls.settings.llm
        if not result.ok and llm.url:
            from ..transforms.llm import LlmEndpoint

            ls.log_message(f"embedded synthesis of {name} did not pass every example; asking the LLM at {llm.url}")
            endpoint = LlmEndpoint(llm.url, llm.model, os.environ.get(llm.api_key_env, ""))
            result = synthesize(examples, name, generator="llm", llm=endpoint)
    finally:
        ls.report_progress(token, "", "done", 100)
    if not result.ok:
        raise CommandError(f"could not synthesize a transform that passes every example: {result.report}")
    (directory / f"{name}.py").write_text(result.module_source, encoding="utf-8")
    ls.forget_engine("transforms")
    transform_library(ls)
    ls.tell_user(f"Clairvoyant: transform '{name}' learned from {len(examples)} examples and is now a quick fix",
                 types.MessageType.Info)
    return {"name": name, "path": str(directory / f"{name}.py"), "report": result.report}


def optimize_document(ls: ClairvoyantServer, uri: str) -> dict:
    """Replace an IR document with its optimised, verified form (via workspace/applyEdit)."""
    snap = ls.snapshot(uri)
    result = optimization(ls, snap)
    ls.ensure_current(snap)
    edit = types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=snap.version),
                edits=text_edits(snap, result.optimized_ir),
            )
        ]
    )
    ls.call_in_loop(lambda: ls.workspace_apply_edit(types.ApplyWorkspaceEditParams(edit=edit, label="Apply pipeline")))
    return {"pipeline": result.pipeline, "instructions": result.suggested_count, "oz": result.oz_count}


def register(server: ClairvoyantServer) -> None:
    def guarded(fn):
        async def run(ls: ClairvoyantServer, *args):
            try:
                return await ls.offload(fn, ls, *args)
            except CommandError as exc:
                ls.tell_user(f"Clairvoyant: {exc}", types.MessageType.Error)
                return {"error": str(exc)}

        return run

    server.command(SYNTHESIZE)(guarded(lambda ls, *args: synthesize_transform(ls, str(_arg(args, 0, "")))))
    server.command(OPTIMIZE)(guarded(lambda ls, *args: optimize_document(ls, _arg(args, 0))))

    @server.command(COPY_OPT)
    async def copy_opt(ls: ClairvoyantServer, *args) -> str | None:
        uri = _arg(args, 0)
        snap = ls.snapshot(uri)
        result = await ls.offload(optimization, ls, snap)
        ls.tell_user(f"opt command: {result.opt_command}", types.MessageType.Info)
        return result.opt_command

    @server.command(TOGGLE_VERIFIED)
    def toggle_verified(ls: ClairvoyantServer, *args) -> dict:
        if not ls.trusted:
            ls.tell_user("Clairvoyant: verified mode runs your code, so it is disabled in untrusted workspaces",
                         types.MessageType.Warning)
            return {"verifiedMode": False}
        ls.settings.prediction.verified_mode = not ls.settings.prediction.verified_mode
        state = "on" if ls.settings.prediction.verified_mode else "off"
        ls.tell_user(f"Clairvoyant: verified mode {state}", types.MessageType.Info)
        sandbox_notice(ls)
        return {"verifiedMode": ls.settings.prediction.verified_mode}

    @server.command(STATUS)
    def status(ls: ClairvoyantServer, *args) -> dict:
        return {
            "version": ls.version,
            "trusted": ls.trusted,
            "models": ls.registry.status(),
            "modelsDir": str(ls.registry.models_dir),
            "stats": dict(ls.stats),
        }
