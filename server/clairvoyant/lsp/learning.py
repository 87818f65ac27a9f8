"""Learn from this edit: the document's last edit burst becomes an example of a workspace transform, which is
synthesized and offered as "apply the same edit in N other places" (a workspace edit in client positions).

`learn` runs on a worker thread (synthesis takes seconds); `preview` is the same without writing anything, for the
code action's "(N other places)"; `places_edit` turns the engine's code-point places into a `WorkspaceEdit`.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path

import attrs
from lsprotocol import types
from pygls.workspace import Workspace as PyglsWorkspace

from ..errors import ClairvoyantError
from .documents import PYTHON, Snapshot, snapshot_of
from .edit_history import Burst
from .engines import Engines

LEARN = "clairvoyant.learnFromEdit"
LEARN_KIND = "refactor.rewrite.learnFromEdit"


class LearnError(ClairvoyantError):
    """Learning from the edit cannot run or failed: the message goes to the user, the examples are kept."""


@attrs.define
class LearnArguments:
    """The command's one argument: the edited document, the transform to create or refine (default: a name from
    the edit), and whether to apply the other places at once (true), only return them (false) or ask (null)."""

    uri: str
    name: str | None = None
    apply: bool | None = None


def check_workspace(engines: Engines) -> Path:
    """The workspace's transform directory; LearnError when the workspace is untrusted or has no folder."""
    if not engines.workspace.trusted:
        raise LearnError("learning from an edit runs workspace code; trust this workspace first (nothing was done)")
    if engines.workspace.transform_dir is None:
        raise LearnError("open a folder first: learned transforms live in .clairvoyant/transforms")
    return engines.workspace.transform_dir


def learn(engines: Engines, snap: Snapshot, burst: Burst | None, name: str | None, open_texts: dict[str, str],
          store: bool = True):  # fmt: skip
    """Learn from the last edit of ``snap`` (a `LearnedEdit`); LearnError with what went wrong."""
    from ..transforms import TransformError
    from ..transforms.edit_learning import edit_examples, learn_from_edit, workspace_files
    from ..transforms.naming import name_from_edit

    directory = check_workspace(engines)
    if snap.path is None:
        raise LearnError(f"save {snap.name} to a file first: learned transforms apply to the workspace's files")
    if burst is None:
        raise LearnError(f"no edit of {snap.name} recorded since it was opened (or last learned from): edit a "
                         "statement, then run this again")  # fmt: skip
    try:
        rows = edit_examples(burst.before, snap.text)
        if not rows:
            raise LearnError("the last edit changes no statement (only formatting, comments or imports): nothing "
                             "to learn")  # fmt: skip
        files: dict[str, str] = {}
        for root in dict.fromkeys(engines.workspace.roots):
            files.update(workspace_files(root))
        files.update(open_texts)
        learned = learn_from_edit(burst.before, snap.text, name or name_from_edit(rows[-1]["before"], rows[-1]["after"]),
                                  directory, str(snap.path), files, store=store)  # fmt: skip
    except TransformError as exc:
        raise LearnError(str(exc)) from None
    if learned.result.status == "failed":
        raise LearnError(f"could not synthesize transform '{learned.name}' that rewrites all its "
                         f"{len(learned.examples)} examples rightly; they are kept in {learned.examples_path.name}, "
                         "an edit of another place may help")  # fmt: skip
    return learned


def places_edit(workspace: PyglsWorkspace, snap: Snapshot, places: list) -> types.WorkspaceEdit:
    """The engine's places (code-point ranges of files) as one workspace edit: versioned for open documents,
    overlapping places left out."""
    by_path: dict[str, list] = {}
    for place in places:
        by_path.setdefault(place.path, []).append(place)
    changes = []
    for path, found in by_path.items():
        uri = Path(path).as_uri()
        target = snap if uri == snap.uri else snapshot_of(workspace.get_text_document(uri))
        edits, end = [], (-1, -1)
        for place in sorted(found, key=lambda p: (p.start, p.end)):
            if place.start >= end:
                edits.append(types.TextEdit(range=target.range(place.start, place.end), new_text=place.new_text))
                end = place.end
        open_version = target.version if uri in workspace.text_documents else None
        changes.append(types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=open_version), edits=edits))
    return types.WorkspaceEdit(document_changes=changes)


def places_title(count: int) -> str:
    return f"Apply the same edit in {count} other place{'s' if count != 1 else ''}"


def edited_here(snap: Snapshot, burst: Burst | None, params: types.CodeActionParams) -> bool:
    """Whether the code action range touches the lines of the document's last edit burst."""
    return burst is not None and snap.language == PYTHON and params.range.start.line <= burst.last \
        and params.range.end.line >= burst.first  # fmt: skip


def learn_action(snap: Snapshot, count: int | None) -> types.CodeAction:
    """"Learn from this edit (N other places)" (N once previewed)."""
    title = "Learn from this edit" + (f" ({count} other place{'s' if count != 1 else ''})" if count is not None
                                      else "")  # fmt: skip
    return types.CodeAction(title=title, kind=LEARN_KIND,
                            command=types.Command(title=title, command=LEARN, arguments=[{"uri": snap.uri}]))


class Previews:
    """How many other places learning from each document's last edit would find: computed in the background
    (nothing written), one at a time, for the code action's title."""

    def __init__(self) -> None:
        self._counts: dict[str, tuple[int | None, int | None]] = {}  # uri -> (version, count or None: failed)
        self._running = False

    def count(self, snap: Snapshot, start: Callable[[], Future]) -> int | None:
        """The count for this version of the document, or None while unknown (``start()`` then computes it)."""
        known = self._counts.get(snap.uri)
        if known is not None and known[0] == snap.version:
            return known[1]
        if not self._running:
            self._running = True
            start().add_done_callback(lambda done: self._finished(snap, done))
        return None

    def _finished(self, snap: Snapshot, done: Future) -> None:
        self._running = False
        failed = done.cancelled() or done.exception() is not None  # learning itself will say why
        self._counts[snap.uri] = (snap.version, None if failed else len(done.result().places))
