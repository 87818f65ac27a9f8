"""Transform names (kebab-case everywhere) and quick-fix titles taken from the examples."""

from __future__ import annotations

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
