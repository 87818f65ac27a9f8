"""Transform names (kebab-case everywhere) and quick-fix titles taken from the examples."""

from __future__ import annotations

import difflib
import keyword
import re

from clairvoyant.transforms.errors import TransformError
from clairvoyant.transforms.terms import code

_KEBAB = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")


def normalize_name(name: str) -> str:
    """The kebab-case form of a transform name (`len_zero`, `LenZero`, `len zero` -> `len-zero`); TransformError
    when nothing sensible is left (names are used for files, code-action kinds and commands)."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name.strip())
    text = re.sub(r"[-_\s.]+", "-", text.lower()).strip("-")
    if not _KEBAB.fullmatch(text):
        raise TransformError(f"invalid transform name {name!r}: use letters, digits and dashes (kebab-case), "
                             f"e.g. len-zero")
    return text


def default_title(cases: list, name: str) -> str:
    """A quick-fix title from the first one-line change of the examples (`len(items) == 0` -> `not items`),
    else from the name."""
    for case in cases:
        for site in case.sites:
            if site.window or site.before[0].node is None or site.after[0].node is None:
                continue
            before, after = code(site.before[0].node).strip(), code(site.after[0].node).strip()
            if "\n" not in before + after and len(before) + len(after) <= 60:
                return f"`{before}` → `{after}`"
    return name.replace("-", " ").capitalize()



def name_from_edit(before: str, after: str, fallback: str = "my-edit") -> str:
    """A kebab-case name from the words an edit removed and added, leaving out the names it kept
    (`if len(rows) == 0:` -> `if not rows:` gives `len-0-to-not` whatever the variable); `fallback` when none."""
    old, new = _words(before), _words(after)
    removed, added = [], []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op != "equal":
            removed += old[i1:i2]
            added += new[j1:j2]
    kept = set(old) & set(new) - set(keyword.kwlist)
    removed = [w for w in removed if w not in kept][:3]
    added = [w for w in added if w not in kept][:3]
    if removed and added:
        text = "-".join(removed + ["to"] + added)
    else:
        text = "-".join((["add"] + added) if added else (["drop"] + removed) if removed else [])
    try:
        return normalize_name(text) if text else fallback
    except TransformError:
        return fallback


def _words(source: str) -> list[str]:
    return re.findall(r"[A-Za-z_][A-Za-z0-9_]*|\d+", source)
