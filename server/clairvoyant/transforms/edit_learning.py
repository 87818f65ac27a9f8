"""Learn a transform from an edit the user made, and find the other places where the same edit applies.

`edit_examples(before, after)` turns two versions of a document into before/after examples at statement
granularity: the statements are aligned level by level (module, then the body of a function, class or block
whose header is unchanged), and each region that differs becomes one example: the changed statements, inside
copies of their enclosing `def` / `class` headers (so scope-dependent guards see a method), with the module's
imports.  `learn_from_edit` appends them to `DIR/NAME.examples.jsonl` (a second and third edit refine the same
transform), synthesizes NAME from all of them (the workspace's files are unlabelled evidence), writes
`DIR/NAME.py`, and returns the edits the transform makes elsewhere: in the edited document and in the workspace
(`Place`: a path, a 0-based range of the old text and its replacement), for an "apply the same edit in N other
places" workspace edit.
"""

from __future__ import annotations

import ast
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

import libcst as cst

from clairvoyant.transforms.catalog import TransformLibrary
from clairvoyant.transforms.errors import TransformError
from clairvoyant.transforms.naming import normalize_name
from clairvoyant.transforms.result import SynthesisResult
from clairvoyant.transforms.synthesis import synthesize

EXAMPLES_SUFFIX = ".examples.jsonl"
SKIPPED_DIRS = {"__pycache__", "node_modules", "venv", "site-packages", "build", "dist"}
MAX_FILES = 2000
MAX_FILE_BYTES = 1 << 20


@dataclass(frozen=True)
class Place:
    path: str
    start: tuple[int, int]  # 0-based (line, column) of the first character replaced
    end: tuple[int, int]  # 0-based (line, column) just after the last one
    new_text: str


@dataclass
class LearnedEdit:
    name: str
    result: SynthesisResult
    examples: list[dict]  # every example of the transform so far (this edit's last)
    examples_path: Path
    module_path: Path | None  # None when synthesis failed (some example would change wrongly)
    places: list[Place] = field(default_factory=list)


# ------------------------------------------------------------------------------------------- examples
def edit_examples(before: str, after: str) -> list[dict]:
    """Before/after examples (dicts with "before" and "after") for the statements an edit changed."""
    try:
        old, new = cst.parse_module(before), cst.parse_module(after)
    except cst.ParserSyntaxError as exc:
        raise TransformError(f"cannot learn from an edit that does not parse: {exc.message}") from None
    regions: list[tuple[list, list, tuple]] = []
    _align(old, list(old.body), list(new.body), (), regions)
    examples = []
    for olds, news, wrappers in regions:
        if all(_is_import(s) for s in olds + news):
            continue  # imports follow the rewrites (the module tidies them), they are no rewrite of their own
        row = {"before": _standalone(old, olds, wrappers), "after": _standalone(new, news, wrappers)}
        if _meaning(row["before"]) != _meaning(row["after"]) and row not in examples:  # not formatting only
            examples.append(row)
    return examples


def _meaning(source: str) -> str | None:
    try:
        return ast.dump(ast.parse(source))
    except SyntaxError:
        return None


def _align(module: cst.Module, olds: list, news: list, wrappers: tuple, out: list) -> None:
    """Regions (old statements, new statements, enclosing def/class headers) where two bodies differ."""
    matcher = difflib.SequenceMatcher(None, [_code(s) for s in olds], [_code(s) for s in news], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if i2 - i1 == j2 - j1:  # statements changed one for one: each pair is a region (or holds some)
            for a, b in zip(olds[i1:i2], news[j1:j2]):
                if _same_header(a, b):
                    inner = wrappers + ((a,) if isinstance(a, (cst.FunctionDef, cst.ClassDef)) else ())
                    _align(module, list(a.body.body), list(b.body.body), inner, out)
                else:
                    out.append(([a], [b], wrappers))
            continue
        if i1 == i2 or j1 == j2:  # a pure insertion or deletion: an unchanged neighbour is its context
            if i1 > 0 and j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif i2 < len(olds) and j2 < len(news):
                i2, j2 = i2 + 1, j2 + 1
        if i1 < i2 and j1 < j2:
            out.append((olds[i1:i2], news[j1:j2], wrappers))


def _code(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)


def _same_header(a: cst.CSTNode, b: cst.CSTNode) -> bool:
    """Both are the same compound statement except for their (indented) bodies."""
    if type(a) is not type(b) or not isinstance(a, cst.BaseCompoundStatement) \
            or not isinstance(getattr(a, "body", None), cst.IndentedBlock) \
            or not isinstance(getattr(b, "body", None), cst.IndentedBlock):
        return False
    empty = cst.IndentedBlock(body=[cst.SimpleStatementLine(body=[cst.Pass()])])
    return _code(a.with_changes(body=empty)) == _code(b.with_changes(body=empty))


def _is_import(statement) -> bool:
    return isinstance(statement, cst.SimpleStatementLine) and all(
        isinstance(s, (cst.Import, cst.ImportFrom)) for s in statement.body)


def _standalone(module: cst.Module, statements: list, wrappers: tuple) -> str:
    """`statements` as a module of their own: inside their def/class headers, after the module's imports."""
    body = [statements[0].with_changes(leading_lines=())] + list(statements[1:])
    for wrapper in reversed(wrappers):
        body = [wrapper.with_changes(body=wrapper.body.with_changes(body=body), leading_lines=())]
    imports = [s for s in module.body if _is_import(s) and s not in statements]
    return module.with_changes(body=imports + body, header=[], footer=[]).code


# ------------------------------------------------------------------------------------------- storage
def append_examples(directory: Path, name: str, rows: list[dict], store: bool = True) -> tuple[Path, list[dict]]:
    """Add `rows` (those not there yet) to `directory/NAME.examples.jsonl`; returns its path and all rows.
    With `store=False` the file is left as it is (a preview of what the rows would add)."""
    path = Path(directory) / f"{name}{EXAMPLES_SUFFIX}"
    existing = []
    if path.is_file():
        existing = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    seen = {(r["before"], r.get("after", r["before"])) for r in existing}
    new = [r for r in rows if (r["before"], r["after"]) not in seen]
    if store:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as f:
            for i, row in enumerate(new, len(existing) + 1):
                f.write(json.dumps({"transform": name, "id": f"{name}/edit/{i}", "source": "edit", **row}) + "\n")
    return path, existing + [{"transform": name, **r} for r in new]


def workspace_files(root: Path) -> dict[str, str]:
    """The workspace's Python files (path -> text), skipping hidden and build directories and huge files."""
    out: dict[str, str] = {}
    for path in sorted(Path(root).rglob("*.py")):
        parts = path.relative_to(root).parts[:-1]
        if any(p.startswith(".") or p in SKIPPED_DIRS for p in parts):
            continue
        try:
            if path.stat().st_size <= MAX_FILE_BYTES:
                out[str(path)] = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if len(out) >= MAX_FILES:
            break
    return out


# ------------------------------------------------------------------------------------------- places
def other_places(module_source: str, files: dict[str, str]) -> list[Place]:
    """The edits the transform in `module_source` makes in `files` (path -> text), one per site."""
    library = TransformLibrary.from_module_source(module_source)
    name = library.infos()[0].name
    places: list[Place] = []
    for path, text in files.items():
        try:
            applications = library.find_applications(text)
        except TransformError:
            continue  # a file that does not parse has no places
        for app in applications:
            try:
                new = library.apply(name, text, app.start[0], app.end[0])
            except TransformError:
                continue
            place = _edit(path, text, new)
            if place is not None and place not in places:
                places.append(place)
    return places


def _edit(path: str, old: str, new: str) -> Place | None:
    """The one replacement that turns `old` into `new` (common prefix and suffix left out)."""
    if old == new:
        return None
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[len(old) - 1 - end] == new[len(new) - 1 - end]:
        end += 1
    return Place(path, _position(old, start), _position(old, len(old) - end), new[start:len(new) - end])


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset)
    return line, offset - (text.rfind("\n", 0, offset) + 1)


# ------------------------------------------------------------------------------------------- the whole step
def learn_from_edit(before: str, after: str, name: str, directory: Path, document: str = "<document>",
                    workspace: dict[str, str] | None = None, budget_s: float = 10,
                    store: bool = True) -> LearnedEdit:
    """Learn transform `name` from the edit `before` -> `after` of `document` (stored in `directory`, usually
    WORKSPACE/.clairvoyant/transforms) and find the other places it applies: in the edited document and in
    `workspace` (path -> text; the document's own entry is replaced by `after`). With `store=False` nothing is
    written (a preview: `module_path` is then where the module would go)."""
    name = normalize_name(name)
    rows = edit_examples(before, after)
    if not rows:
        raise TransformError("the edit changes no statement: nothing to learn")
    examples_path, examples = append_examples(Path(directory), name, rows, store)
    files = {path: text for path, text in (workspace or {}).items() if path != document}
    result = synthesize(examples, name, budget_s=budget_s, corpus=[after, *files.values()])
    learned = LearnedEdit(name, result, examples, examples_path, None)
    if result.status == "failed":
        return learned
    learned.module_path = Path(directory) / f"{name}.py"
    if store:
        learned.module_path.write_text(result.module_source, encoding="utf-8")
    learned.places = other_places(result.module_source, {document: after, **files})
    return learned
