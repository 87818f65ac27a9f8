"""Code actions: synthesized-transform quick fixes and "Learn from this edit" for Python; pipeline actions for LLVM IR.

Listing is cheap (titles and ``data`` only); the edit is computed in ``codeAction/resolve``, or eagerly for clients
that cannot resolve. Every edit is re-parsed by the engine before it is offered.
"""

from __future__ import annotations

from dataclasses import replace

import attrs
import cattrs
from lsprotocol import types
from pygls.exceptions import JsonRpcContentModified, JsonRpcInvalidParams

from .documents import LLVM, PYTHON, Snapshot
from .edits import text_edits
from .engines import Engines
from .learning import LEARN_KIND, Previews, edited_here, learn, learn_action
from .regions import statement_region
from .server import ClairvoyantServer

TRANSFORM_KIND = "refactor.rewrite"
SOURCE_KIND = "source.clairvoyant"
APPLY_PIPELINE_KIND = "source.clairvoyant.applyPipeline"
CONVERTER = cattrs.Converter()  # for ActionData only (lsprotocol's full converter takes ~0.4 s to build)


@attrs.define
class ActionData:
    """What a listed action carries to ``codeAction/resolve``: a transform (within ``lines``, or the whole file) or,
    without ``transform``, the suggested LLVM pipeline."""

    uri: str
    version: int | None
    transform: str | None = None
    lines: tuple[int, int] | None = None


def _resolve_support(client_capabilities) -> bool:
    text_document = getattr(client_capabilities, "text_document", None)
    code_action = getattr(text_document, "code_action", None)
    support = getattr(code_action, "resolve_support", None)
    return bool(support and "edit" in (support.properties or []))


def python_actions(engines: Engines, snap: Snapshot, params: types.CodeActionParams) -> list[types.CodeAction]:
    """One quick fix per transform that applies in the range, and a whole-file source action for each of them.

    Only the top-level statements around the range are parsed, so listing stays fast in large files."""
    from ..transforms import TransformError

    if not engines.settings.transforms.enabled:
        return []
    only = params.context.only
    start_line, _ = snap.to_server(params.range.start)
    end_line, _ = snap.to_server(params.range.end)
    region = statement_region(snap.text, start_line, end_line)
    if region is None:
        return []
    first, last = region
    snippet = "".join(snap.text.splitlines(keepends=True)[first : last + 1])
    try:
        found = engines.transforms.find_applications(snippet)
    except TransformError as exc:  # code the transforms cannot read: no quick fixes here, and no pop-up either
        engines.notifier.log_message(f"transforms skipped for {snap.uri}: {exc}")
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
    return actions


def _wanted(only: list[str] | None, kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _transform_action(snap, app, title, kind, lines, preferred) -> types.CodeAction:
    data = ActionData(snap.uri, snap.version, app.transform, lines)
    return types.CodeAction(title=title, kind=kind, is_preferred=preferred or None, data=CONVERTER.unstructure(data))


def action_data(action: types.CodeAction) -> ActionData:
    """The typed ``data`` of an action this server listed (InvalidParams for anything else)."""
    try:
        return CONVERTER.structure(action.data, ActionData)
    except Exception as exc:  # cattrs raises several kinds; the client sent data we did not list
        raise JsonRpcInvalidParams(f"code action data {action.data!r} was not listed by Clairvoyant") from exc


def resolve_action(engines: Engines, snap: Snapshot, action: types.CodeAction) -> types.CodeAction:
    """codeAction/resolve: compute the edit of a listed action."""
    data = action_data(action)
    if data.version is not None and data.version != snap.version:
        raise JsonRpcContentModified(f"{snap.uri} changed since the action was listed")
    if data.transform is not None:
        new_text = _apply_transform(engines, data.transform, snap.text, data.lines)
    else:
        new_text = engines.llvm.optimization(snap.text).optimized_ir
    action.edit = types.WorkspaceEdit(
        document_changes=[
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=snap.uri, version=snap.version),
                edits=text_edits(snap, new_text),
            )
        ]
    )
    return action


def _apply_transform(engines: Engines, name: str, text: str, lines: tuple[int, int] | None) -> str:
    """The whole file with ``name`` applied everywhere, or only within ``lines`` (re-parsing just that region)."""
    library = engines.transforms
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


def llvm_actions(engines: Engines, snap: Snapshot, params: types.CodeActionParams) -> list[types.CodeAction]:
    """'Apply suggested pipeline' and 'Copy opt command' once the optimisation for this content is known."""
    if not engines.settings.llvm.enabled:
        return []
    result = engines.llvm.cached_optimization(snap.text, snap.name)
    if result is None:
        return []
    actions = []
    gain = result.oz_count - result.suggested_count
    if result.optimized_ir and _wanted(params.context.only, APPLY_PIPELINE_KIND):
        title = f"Apply suggested pipeline ({result.input_count} → {result.suggested_count} instructions"
        title += f", {gain} fewer than -Oz)" if gain > 0 else ", same as -Oz)"
        actions.append(types.CodeAction(title=title, kind=APPLY_PIPELINE_KIND,
                                        data=CONVERTER.unstructure(ActionData(snap.uri, snap.version))))
    actions.append(
        types.CodeAction(
            title="Copy opt command for the suggested pipeline",
            kind="source.clairvoyant.copyOptCommand",
            command=types.Command(title="Copy opt command", command="clairvoyant.copyOptCommand",
                                  arguments=[snap.uri]),
        )
    )
    return actions


def code_actions(engines: Engines, snap: Snapshot, params: types.CodeActionParams,
                 resolve_now: bool = False) -> list[types.CodeAction]:  # fmt: skip
    """textDocument/codeAction: the actions for the range, with their edits when the client cannot resolve them."""
    actions = (python_actions if snap.language == PYTHON else llvm_actions)(engines, snap, params)
    return [resolve_action(engines, snap, a) if resolve_now and a.data else a for a in actions]


def register(server: ClairvoyantServer) -> None:
    options = types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.RefactorRewrite,
                                                         types.CodeActionKind.Source], resolve_provider=True)
    previews = Previews()

    def learn_from_edit_action(ls: ClairvoyantServer, params: types.CodeActionParams) -> types.CodeAction | None:
        """"Learn from this edit (N other places)" where the document was just edited (trusted workspaces)."""
        uri, engines = params.text_document.uri, ls.engines
        burst = ls.edits.last_edit(uri)
        if burst is None or not engines.workspace.trusted or not _wanted(params.context.only, LEARN_KIND):
            return None
        snap = ls.snapshot(uri, engines.settings.max_document_bytes)
        if not edited_here(snap, burst, params):
            return None
        count = previews.count(snap, lambda: ls.background.submit(learn, engines, snap, burst, None, {}, store=False))
        return learn_action(snap, count)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    async def code_action(ls: ClairvoyantServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        actions = await ls.on_document(params.text_document.uri, code_actions, params,
                                       not _resolve_support(ls.client_capabilities), languages=(PYTHON, LLVM))
        learn_here = learn_from_edit_action(ls, params) if actions is not None else None
        return actions + [learn_here] if learn_here is not None else actions

    @server.feature(types.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: ClairvoyantServer, action: types.CodeAction) -> types.CodeAction:
        if action.edit is not None or not action.data:
            return action
        return await ls.on_document(action_data(action).uri, resolve_action, action, languages=(PYTHON, LLVM),
                                    empty=action)
