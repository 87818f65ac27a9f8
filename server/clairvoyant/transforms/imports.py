"""Import bookkeeping, a module-level rewrite primitive: rewrites that remove the last use of a name imported
with `from m import name` also remove that name from the import (and the import when nothing is left).

The synthesizer learns whether a transform does this: when its examples drop imported names, the examples are
aligned on their imports before change sites are extracted (`align_imports`) and the generated module sets
`CLEANUP_IMPORTS = True`, which makes `RuleTransformer` call `remove_unused_imports` after rewriting a module.
"""

from __future__ import annotations

import re

import libcst as cst

from clairvoyant.transforms.terms import to_term


def _from_import(stmt) -> cst.ImportFrom | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1 and isinstance(stmt.body[0], cst.ImportFrom):
        node = stmt.body[0]
        if not isinstance(node.names, cst.ImportStar) and node.module is not None and not node.relative:
            return node
    return None


def _module_name(node: cst.ImportFrom) -> str:
    return cst.Module([]).code_for_node(node.module)


def from_imports(module: cst.Module) -> dict[str, str]:
    """name -> module for the module's top-level `from module import name` statements (unaliased names)."""
    out = {}
    for stmt in module.body:
        node = _from_import(stmt)
        for alias in node.names if node is not None else ():
            if alias.asname is None:
                out[cst.Module([]).code_for_node(alias.name)] = _module_name(node)
    return out


def align_imports(before: cst.Module, after: cst.Module) -> tuple[cst.Module, bool]:
    """`before` with its `from m import ...` statements as they are in `after` (dropped when `after` has none
    from `m`), and whether that changed anything."""
    wanted = {}
    for stmt in after.body:
        node = _from_import(stmt)
        if node is not None:
            wanted[_module_name(node)] = stmt
    body, changed = [], False
    for stmt in before.body:
        node = _from_import(stmt)
        if node is None:
            body.append(stmt)
            continue
        replacement = wanted.get(_module_name(node))
        if replacement is None:
            changed = True
            continue
        if to_term(replacement).key != to_term(stmt).key:
            changed = True
            stmt = stmt.with_changes(body=replacement.body)
        body.append(stmt)
    return (before.with_changes(body=body), True) if changed else (before, False)


def _used_names(module: cst.Module) -> set[str]:
    names = set()
    for stmt in module.body:
        if _from_import(stmt) is None:
            for t in to_term(stmt).walk():
                if t.type == "Name":
                    names.add(t.get("value"))
                elif t.type == "SimpleString":  # string annotations such as "List[int]"
                    names.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", t.get("value")))
    return names


def remove_unused_imports(original: cst.Module, updated: cst.Module) -> cst.Module:
    """Drop from `updated`'s top-level `from m import a, b` the names that `original` used and `updated` no
    longer uses; a statement left without names (and without comments) goes away."""
    gone = _used_names(original) - _used_names(updated)
    if not gone:
        return updated
    body, at_start = [], False
    for stmt in updated.body:
        if at_start and not any(line.comment for line in stmt.leading_lines):
            stmt = stmt.with_changes(leading_lines=[])  # the file now starts with this statement
        at_start = False
        node = _from_import(stmt)
        if node is None:
            body.append(stmt)
            continue
        keep = [a for a in node.names if a.asname is not None or cst.Module([]).code_for_node(a.name) not in gone]
        if len(keep) == len(node.names):
            body.append(stmt)
        elif keep:
            last = node.names[-1].comma if node.lpar is not None else cst.MaybeSentinel.DEFAULT
            keep[-1] = keep[-1].with_changes(comma=last)
            body.append(stmt.with_changes(body=[node.with_changes(names=keep)]))
        elif any(line.comment for line in stmt.leading_lines) or stmt.trailing_whitespace.comment:
            body.append(stmt)  # never drop a comment
        else:
            at_start = not body
    if len(body) == len(updated.body) and all(a is b for a, b in zip(body, updated.body)):
        return updated
    return updated.with_changes(body=body)
