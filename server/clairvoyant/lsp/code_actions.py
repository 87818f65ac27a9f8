"""Code actions: synthesized-transform quick fixes for Python; pipeline actions for LLVM IR.

Listing is cheap (titles and ``data`` only); the edit is computed in ``codeAction/resolve``, or eagerly for clients
that cannot resolve. Every edit is re-parsed by the engine before it is offered.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from lsprotocol import types

from .documents import LLVM, PYTHON, Snapshot
from .edits import text_edits
from .regions import statement_region
from .server import ClairvoyantServer, DocumentTooLarge

TRANSFORM_KIND = "refactor.rewrite"
SOURCE_KIND = "source.clairvoyant"
APPLY_PIPELINE_KIND = "source.clairvoyant.applyPipeline"


def workspace_transform_dir(ls: ClairvoyantServer) -> Path | None:
    """``<workspace root>/.clairvoyant/transforms`` when the workspace has a root."""
    root = ls.workspace.root_path
    return Path(root) / ".clairvoyant" / "transforms" if root else None


def transform_library(ls: ClairvoyantServer):
    """Built-in transforms plus, in a trusted workspace, the ones taught from the workspace's examples."""
    from ..transforms import TransformLibrary

    def build():
        library = TransformLibrary.builtin()
        directory = workspace_transform_dir(ls)
        if ls.trusted and ls.settings.transforms.workspace_transforms and directory and directory.is_dir():
            library = library.with_directory(directory)
        return library

    return ls.engine("transforms", build)


def _resolve_support(ls: ClairvoyantServer) -> bool:
    text_document = getattr(ls.client_capabilities, "text_document", None)
    code_action = getattr(text_document, "code_action", None)
    support = getattr(code_action, "resolve_support", None)
    return bool(support and "edit" in (support.properties or []))


def python_actions(ls: ClairvoyantServer, snap: Snapshot, params: types.CodeActionParams) -> list[types.CodeAction]:
    """One quick fix per transform that applies in the range, and a whole-file source action for each of them.

    Only the top-level statements around the range are parsed, so listing stays fast in large files."""
    if not ls.settings.transforms.enabled:
        return []
    from ..transforms import TransformError

    library = transform_library(ls)
    only = params.context.only
    start_line, _ = snap.to_server(params.range.start)
    end_line, _ = snap.to_server(params.range.end)
    region = statement_region(snap.text, start_line, end_line)
    if region is None:
        return []
    first, last = region
    snippet = "".join(snap.text.splitlines(keepends=True)[first : last + 1])
    try:
        found = library.find_applications(snippet)
    except TransformError as exc:
        ls.log_message(f"transforms skipped for {snap.uri}: {exc}")
        return []
    actions = []
    seen_range, seen_file = set(), set()
    for app in found:
        app = replace(app, start=(app.start[0] + first, app.start[1]), end=(app.end[0] + first, app.end[1]))
        in_range = app.start[0] <= end_line and app.end[0] >= start_line
        if in_range and app.transform not in seen_range and _wanted(only, TRANSFORM_KIND):
            seen_range.add(app.transform)
            actions.append(_transform_action(snap, app, f"{app.title}", f"{TRANSFORM_KIND}.{app.transform}",
                                             (start_line, end_line), preferred=True))
        if app.transform not in seen_file and _wanted(only, SOURCE_KIND):
            seen_file.add(app.transform)
            actions.append(_transform_action(snap, app, f"{app.title} (whole file)", f"{SOURCE_KIND}.{app.transform}",
                                             None, preferred=False))
    if not _resolve_support(ls):
        actions = [resolve_action(ls, a) for a in actions]
    return actions


def _wanted(only: list[str] | None, kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _transform_action(snap, app, title, kind, lines, preferred) -> types.CodeAction:
    data = {"uri": snap.uri, "version": snap.version, "transform": app.transform, "lines": lines}
    return types.CodeAction(title=title, kind=kind, is_preferred=preferred or None, data=data)


def resolve_action(ls: ClairvoyantServer, action: types.CodeAction) -> types.CodeAction:
    """Compute the edit of a listed action (runs on a worker thread)."""
    data: dict[str, Any] = action.data or {}
    snap = ls.snapshot(data["uri"])
    if data.get("version") is not None:
        ls.ensure_version(snap.uri, data["version"])
    if "transform" in data:
        new_text = _apply_transform(ls, data["transform"], snap.text, data.get("lines"))
    else:
        from .code_lens import optimization

        result = optimization(ls, snap)
        new_text = result.optimized_ir
    edits = text_edits(snap, new_text)
    action.edit = types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=snap.uri, version=snap.version),
                edits=edits,
            )
        ]
    )
    return action


def _apply_transform(ls: ClairvoyantServer, name: str, text: str, lines: list[int] | None) -> str:
    """The whole file with ``name`` applied everywhere, or only within ``lines`` (re-parsing just that region)."""
    library = transform_library(ls)
    region = statement_region(text, lines[0], lines[1]) if lines else None
    if region is None:
        return library.apply(name, text, *(lines or (None, None)))
    first, last = region
    all_lines = text.splitlines(keepends=True)
    snippet = "".join(all_lines[first : last + 1])
    changed = library.apply(name, snippet, lines[0] - first, lines[1] - first)
    if changed and not changed.endswith("\n") and snippet.endswith("\n"):
        changed += "\n"
    return "".join(all_lines[:first]) + changed + "".join(all_lines[last + 1 :])


def llvm_actions(ls: ClairvoyantServer, snap: Snapshot, params: types.CodeActionParams) -> list[types.CodeAction]:
    """'Apply suggested pipeline' and 'Copy opt command' once the optimisation for this content is known."""
    from .code_lens import cached_optimization

    result = cached_optimization(ls, snap)
    if result is None:
        return []
    actions = []
    gain = result.oz_count - result.suggested_count
    if result.optimized_ir and _wanted(params.context.only, APPLY_PIPELINE_KIND):
        title = f"Apply suggested pipeline ({result.input_count} → {result.suggested_count} instructions"
        title += f", {gain} fewer than -Oz)" if gain > 0 else ", same as -Oz)"
        actions.append(types.CodeAction(title=title, kind=APPLY_PIPELINE_KIND,
                                        data={"uri": snap.uri, "version": snap.version}))
    actions.append(
        types.CodeAction(
            title="Copy opt command for the suggested pipeline",
            kind="source.clairvoyant.copyOptCommand",
            command=types.Command(title="Copy opt command", command="clairvoyant.copyOptCommand",
                                  arguments=[snap.uri]),
        )
    )
    if not _resolve_support(ls):
        actions = [resolve_action(ls, a) if a.data else a for a in actions]
    return actions


def register(server: ClairvoyantServer) -> None:
    @server.feature(
        types.TEXT_DOCUMENT_CODE_ACTION,
        types.CodeActionOptions(
            code_action_kinds=[types.CodeActionKind.RefactorRewrite, types.CodeActionKind.Source],
            resolve_provider=True,
        ),
    )
    async def code_action(ls: ClairvoyantServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        try:
            snap = ls.snapshot(params.text_document.uri)
        except DocumentTooLarge as exc:
            ls.tell_user(str(exc), types.MessageType.Info)
            return None
        if snap.language == PYTHON:
            actions = await ls.offload(python_actions, ls, snap, params)
        elif snap.language == LLVM and ls.settings.llvm.enabled:
            actions = await ls.offload(llvm_actions, ls, snap, params)
        else:
            return None
        ls.ensure_current(snap)
        return actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: ClairvoyantServer, action: types.CodeAction) -> types.CodeAction:
        if action.edit is not None or not action.data:
            return action
        return await ls.offload(resolve_action, ls, action)

