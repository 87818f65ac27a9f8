"""The transform library: loads synthesized transform modules and finds / applies them.

Built-in transforms are the modules in `clairvoyant/transforms/library/` listed in its `index.json` (written by
`scripts/regenerate_transforms.py`).  Workspace transforms are `.py` files in a directory such as
`<workspace>/.clairvoyant/transforms/`; loading one *executes* it, so callers must only call `with_directory` for
trusted workspaces (the library does not check trust; the LSP layer does).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

from clairvoyant.transforms.errors import TransformError
from clairvoyant.transforms.runtime import RuleTransformer, SiteFinder
from clairvoyant.transforms.terms import parse_module

log = logging.getLogger(__name__)
LIBRARY_DIR = Path(__file__).with_name("library")  # the generated modules
INDEX_FILE = LIBRARY_DIR / "index.json"
SHIPPED = ("ok", "precise-only")


@dataclass(frozen=True)
class TransformInfo:
    name: str
    title: str
    description: str
    precise: bool  # True: every rewrite was right on the feedback set, but some cases are not covered yet
    source: str  # "builtin" | "workspace"


@dataclass(frozen=True)
class Application:
    transform: str
    title: str
    start: tuple[int, int]  # 0-based (line, column) of a node the transform would change
    end: tuple[int, int]


@dataclass(frozen=True)
class _Entry:
    info: TransformInfo
    transform: type  # a runtime.RuleTransformer subclass


def _entry(module, source: str) -> _Entry:
    for attr in ("NAME", "TITLE", "DESCRIPTION", "Transform"):
        if not hasattr(module, attr):
            raise TransformError(f"{module.__name__} is not a transform module: it has no {attr}")
    info = TransformInfo(module.NAME, module.TITLE, module.DESCRIPTION, bool(getattr(module, "PRECISE_ONLY", False)),
                         source)
    return _Entry(info, module.Transform)


def read_index() -> dict:
    """The shipped library's index (name, module, status and validation numbers per transform)."""
    if not INDEX_FILE.is_file():
        return {"transforms": []}
    return json.loads(INDEX_FILE.read_text(encoding="utf-8"))


class TransformLibrary:
    """An ordered set of transforms; later ones (workspace) replace earlier ones (built-in) of the same name."""

    def __init__(self, entries: list[_Entry] | None = None) -> None:
        self._entries: dict[str, _Entry] = {}
        for entry in entries or []:
            self._entries[entry.info.name] = entry
        self.errors: list[str] = []  # workspace modules that could not be loaded

    @classmethod
    def builtin(cls) -> TransformLibrary:
        """The shipped transforms (those the index marks as `ok` or `precise-only`)."""
        entries = []
        for item in read_index()["transforms"]:
            if item["status"] in SHIPPED:
                module = importlib.import_module(f"clairvoyant.transforms.library.{item['module']}")
                entries.append(_entry(module, "builtin"))
        return cls(entries)

    @classmethod
    def from_module_source(cls, source: str, origin: str = "workspace") -> TransformLibrary:
        """A library of the one transform module `source` (executes it: generated or trusted code only)."""
        module = types.ModuleType(f"clairvoyant_transform_{abs(hash(source))}")
        try:
            exec(compile(source, "<transform module>", "exec"), module.__dict__)  # noqa: S102 - see docstring
        except Exception as exc:  # noqa: BLE001 - reported to the user
            raise TransformError(f"cannot load the transform module: {type(exc).__name__}: {exc}") from None
        return cls([_entry(module, origin)])

    def with_directory(self, path) -> TransformLibrary:
        """This library plus every transform module `*.py` in `path` (executes them: trusted workspaces only)."""
        library = TransformLibrary(list(self._entries.values()))
        library.errors = list(self.errors)
        for file in sorted(Path(path).glob("*.py")):
            name = f"clairvoyant_workspace_transforms.{file.stem.replace('-', '_')}_{abs(hash(str(file)))}"
            try:
                spec = importlib.util.spec_from_file_location(name, file)
                module = importlib.util.module_from_spec(spec)
                sys.modules[name] = module
                spec.loader.exec_module(module)
                library._entries[module.NAME] = _entry(module, "workspace")
            except Exception as exc:  # noqa: BLE001 - a broken workspace file must not take the library down
                sys.modules.pop(name, None)
                log.warning("cannot load transform %s: %s", file, exc)
                library.errors.append(f"{file.name}: {exc}")
        return library

    def infos(self) -> list[TransformInfo]:
        return [e.info for e in self._entries.values()]

    def find_applications(self, source: str, start_line: int | None = None,
                          end_line: int | None = None) -> list[Application]:
        """Where each transform would change `source` (optionally only sites meeting the 0-based line range)."""
        module = parse_module(source)
        plain = [entry for entry in self._entries.values() if not _is_rule_based(entry)]
        entries = [entry for entry in self._entries.values() if _is_rule_based(entry)]
        transforms = [entry.transform() for entry in entries]
        finder = SiteFinder(transforms)
        module.visit(finder)
        for name, error in finder.failed:
            log.warning("transform %s failed while looking for sites: %s", name, error)
        found = [(entry.info, fire) for entry, t in zip(entries, transforms) for fire in t.fires]
        extra = [app for entry in plain for app in _plain_applications(entry, module)
                 if _meets(app.start[0], app.end[0], start_line, end_line)]
        if not found:
            return sorted(extra, key=lambda a: (a.start, a.transform))
        where = _Positions(module).prepare([(f.node, f.context) for _, f in found])
        out = []
        for info, fire in found:
            (start, _), (_, end) = where.of(fire.nodes[0], fire.context), where.of(fire.nodes[-1], fire.context)
            if _meets(start[0], end[0], start_line, end_line):
                out.append(Application(info.name, info.title, start, end))
        return sorted(out + extra, key=lambda a: (a.start, a.transform))

    def apply(self, name: str, source: str, start_line: int | None = None, end_line: int | None = None) -> str:
        """`source` with transform `name` applied (only to sites meeting the 0-based line range, when given)."""
        entry = self._entries.get(name)
        if entry is None:
            raise TransformError(f"unknown transform {name!r}; known: {', '.join(sorted(self._entries))}")
        module = parse_module(source)
        if not _is_rule_based(entry):
            result = _apply_plain(entry, module, start_line, end_line)
            return _checked(name, source, result)
        allowed = None
        if start_line is not None or end_line is not None:
            positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)

            def allowed(first, last) -> bool:
                a, b = positions.get(first), positions.get(last)
                return a is not None and b is not None and _meets(a.start.line - 1, b.end.line - 1, start_line,
                                                                  end_line)

        try:
            result = module.visit(entry.transform(allowed=allowed)).code
        except Exception as exc:  # noqa: BLE001 - reported to the user as a TransformError
            raise TransformError(f"transform {name} failed: {type(exc).__name__}: {exc}") from None
        return _checked(name, source, result)


def _checked(name: str, source: str, result: str) -> str:
    """``result`` if it parses (``source`` when unchanged); TransformError instead of unparsable code."""
    if result == source:
        return source
    try:
        cst.parse_module(result)
        compile(result, "<transformed>", "exec", dont_inherit=True)
    except (cst.ParserSyntaxError, SyntaxError, ValueError) as exc:
        raise TransformError(f"transform {name} produced code that does not parse ({exc}); nothing changed") \
            from None
    return result


def _is_rule_based(entry: _Entry) -> bool:
    return issubclass(entry.transform, RuleTransformer)


def _plain_statements(entry: _Entry, module: cst.Module) -> list[tuple[int, cst.CSTNode, cst.CSTNode]]:
    """(index, before, after) of the top-level statements a plain libcst transformer changes, each on its own."""
    changed = []
    for index, statement in enumerate(module.body):
        single = module.with_changes(body=[statement])
        try:
            after = single.visit(entry.transform())
        except Exception as exc:  # noqa: BLE001 - a failing workspace transform is skipped for that statement
            log.warning("transform %s failed: %s", entry.info.name, exc)
            continue
        if after.code != single.code:
            changed.append((index, statement, after))
    return changed


def _plain_applications(entry: _Entry, module: cst.Module) -> list[Application]:
    """Applications of a plain transformer (e.g. an LLM-written one): the top-level statements it would change."""
    changed = _plain_statements(entry, module)
    if not changed:
        return []
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    out = []
    for _, statement, _ in changed:
        where = positions[statement]
        out.append(Application(entry.info.name, entry.info.title, (where.start.line - 1, where.start.column),
                               (where.end.line - 1, where.end.column)))
    return out


def _apply_plain(entry: _Entry, module: cst.Module, start_line: int | None, end_line: int | None) -> str:
    """A plain transformer applied statement by statement (only statements meeting the line range, when given)."""
    positions = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    replaced = {}
    for index, statement, after in _plain_statements(entry, module):
        where = positions[statement]
        if _meets(where.start.line - 1, where.end.line - 1, start_line, end_line):
            replaced[index] = list(after.body)
    body = [new for index, old in enumerate(module.body) for new in replaced.get(index, [old])]
    return module.with_changes(body=body).code


class _Positions:
    """0-based positions of nodes, computed per top-level statement (cheaper than the whole module's)."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.first_line: dict[int, int] = {}
        line = len(module.header)  # each EmptyLine is one line
        for stmt in module.body:
            self.first_line[id(stmt)] = line
            line += self.module.code_for_node(stmt).count("\n")
        self.resolved: dict[int, dict] = {}
        self.whole = None

    def prepare(self, nodes_and_contexts) -> _Positions:
        """Resolve the whole module at once when sites are spread over many top-level statements."""
        tops = {id(c.ancestors[1]) if len(c.ancestors) > 1 else id(n) for n, c in nodes_and_contexts}
        if len(tops) > 8:
            self.whole = MetadataWrapper(self.module, unsafe_skip_copy=True).resolve(PositionProvider)
        return self

    def of(self, node: cst.CSTNode, context) -> tuple[tuple[int, int], tuple[int, int]]:
        if self.whole is not None:
            r = self.whole[node]
            return (r.start.line - 1, r.start.column), (r.end.line - 1, r.end.column)
        chain = list(context.ancestors)
        top = node if id(node) in self.first_line else next(n for n in chain if id(n) in self.first_line)
        if id(top) not in self.resolved:
            wrapper = MetadataWrapper(cst.Module(body=[top]), unsafe_skip_copy=True)
            self.resolved[id(top)] = wrapper.resolve(PositionProvider)
        r = self.resolved[id(top)][node]
        offset = self.first_line[id(top)] - 1
        return (r.start.line + offset, r.start.column), (r.end.line + offset, r.end.column)


def _meets(first: int, last: int, start_line: int | None, end_line: int | None) -> bool:
    """Whether lines first..last meet the range start_line..end_line (open ends when None)."""
    if start_line is not None and last < start_line:
        return False
    return end_line is None or first <= end_line
