"""workspace/executeCommand: teach a transform, learn one from an edit, optimize an IR document, copy its opt command,
verified mode, status.

Arguments are typed in the handlers' signatures (pygls structures them with cattrs; wrong ones are InvalidParams);
an engine error becomes a message to the user and ``{"error": message}``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import inspect
import json
from collections.abc import Callable

from lsprotocol import types

from ..errors import ClairvoyantError
from .configuration import sandbox_notice
from .documents import LLVM, PYTHON, Snapshot, language_of
from .edits import text_edits
from .engines import Engines
from .learning import LEARN, LearnArguments, LearnError, check_workspace, learn, places_edit, places_title
from .server import ClairvoyantServer

SYNTHESIZE = "clairvoyant.synthesizeTransform"
OPTIMIZE = "clairvoyant.optimizeDocument"
COPY_OPT = "clairvoyant.copyOptCommand"
TOGGLE_VERIFIED = "clairvoyant.toggleVerifiedMode"
STATUS = "clairvoyant.status"
OFFERS: set[asyncio.Future] = set()  # "apply the same edit in N other places?" questions waiting for the user


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


def optimized_edit(engines: Engines, snap: Snapshot) -> tuple[types.WorkspaceEdit, dict]:
    """The edit that replaces an IR document with its optimised, verified form, and what it gains."""
    result = engines.llvm.optimization(snap.text)
    gain = {"pipeline": result.pipeline, "instructions": result.suggested_count, "oz": result.oz_count}
    return types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=snap.uri, version=snap.version),
                edits=text_edits(snap, result.optimized_ir),
            )
        ]
    ), gain


def opt_command(engines: Engines, snap: Snapshot) -> str:
    """The ``opt`` command line of the suggested pipeline."""
    return engines.llvm.optimization(snap.text).opt_command


async def apply_places(ls: ClairvoyantServer, edit: types.WorkspaceEdit, count: int) -> bool:
    """workspace/applyEdit of the other places; what the documents become is not a new edit to learn from."""
    answer = await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label=places_title(count)))
    for change in edit.document_changes or []:
        ls.edits.learned(change.text_document.uri)
    if not answer.applied:
        ls.tell_user(f"Clairvoyant: the editor did not apply the edit ({answer.failure_reason or 'no reason given'})")
    return answer.applied


async def offer_places(ls: ClairvoyantServer, edit: types.WorkspaceEdit, count: int, told: str) -> None:
    """Ask the user (window/showMessageRequest) whether to apply the same edit in the other places."""
    apply = types.MessageActionItem(title=places_title(count))
    choice = await ls.window_show_message_request_async(types.ShowMessageRequestParams(
        type=types.MessageType.Info, message=f"{told}.", actions=[apply, types.MessageActionItem(title="Not now")]))
    if choice is not None and choice.title == apply.title:
        await apply_places(ls, edit, count)


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

    @command(LEARN)
    async def learn_from_edit(ls: ClairvoyantServer, args: LearnArguments) -> dict:
        engines = ls.engines
        check_workspace(engines)  # before anything runs
        snap = ls.snapshot(args.uri, engines.settings.max_document_bytes)
        if snap.language != PYTHON:
            raise LearnError("learning from an edit works in Python files")
        open_texts = {doc.path: doc.source for doc in ls.workspace.text_documents.values()
                      if doc.uri.startswith("file:") and language_of(doc.uri, doc.language_id) == PYTHON}  # fmt: skip
        learned = await ls.offload(learn, engines, snap, ls.edits.last_edit(args.uri), args.name, open_texts)
        ls.edits.learned(args.uri)
        engines = ls.replace_engines(reload_transforms=True)
        await ls.offload(lambda: engines.transforms)  # loaded now: the quick fix is offered at once
        edit = places_edit(ls.workspace, snap, learned.places)
        count = len(learned.places)
        found = {"name": learned.name, "examples": len(learned.examples), "examplesFile": str(learned.examples_path),
                 "module": str(learned.module_path), "places": count, "edit": edit}  # fmt: skip
        told = (f"Clairvoyant: transform '{learned.name}' learned from {len(learned.examples)} "
                f"example{'s' if len(learned.examples) != 1 else ''}")  # fmt: skip
        if not count:
            ls.tell_user(f"{told}; no other place has the same edit", types.MessageType.Info)
        elif args.apply:
            found["applied"] = await apply_places(ls, edit, count)
        elif args.apply is None:
            offer = asyncio.ensure_future(offer_places(ls, edit, count, told))
            OFFERS.add(offer)  # held until the user answers
            offer.add_done_callback(OFFERS.discard)
        return found

    @command(OPTIMIZE)
    async def optimize_document(ls: ClairvoyantServer, uri: str) -> dict | None:
        found = await ls.on_document(uri, optimized_edit, languages=(LLVM,))
        if found is None:
            return None
        edit, gain = found
        await ls.workspace_apply_edit_async(types.ApplyWorkspaceEditParams(edit=edit, label="Apply pipeline"))
        return gain  # once applied; the editors say what was

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
