"""Edit safety on generated programs: results parse, applying twice changes nothing more, and only the lines
of the reported sites change."""

from __future__ import annotations

import ast
import difflib
import os
import textwrap

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clairvoyant.transforms import TransformLibrary
from clairvoyant.transforms.builtin import DEFAULT_DATA, load_jsonl

SNIPPETS = [r["before"] for r in load_jsonl(DEFAULT_DATA / "test.jsonl")] if (DEFAULT_DATA / "test.jsonl").is_file() \
    else []
LIBRARY = TransformLibrary.builtin()
NAMES = sorted(i.name for i in LIBRARY.infos())


def _wrap(snippet: str, how: str) -> str:
    if how == "def":
        return "def wrapper(self):\n" + textwrap.indent(snippet, "    ")
    if how == "class":
        return "class Wrapper:\n    x = 1\n\n" + textwrap.indent(snippet, "    ")
    return snippet


programs = st.lists(st.tuples(st.sampled_from(SNIPPETS or ["x = 1\n"]), st.sampled_from(["", "def", "class"])),
                    min_size=1, max_size=4).map(lambda parts: "\n\n".join(_wrap(s, h) for s, h in parts))


def _changed_lines(before: str, after: str) -> set[int]:
    out = set()
    matcher = difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines(), autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag != "equal":
            out.update(range(i1, max(i2, i1 + 1)))
    return out


@pytest.mark.skipif(not SNIPPETS, reason="benchmark data not available")
@settings(max_examples=int(os.environ.get("CLAIRVOYANT_HYPOTHESIS_EXAMPLES", "40")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(program=programs, name=st.sampled_from(NAMES or ["none-comparison"]))
def test_edits_parse_are_idempotent_and_stay_on_reported_sites(program, name):
    ast.parse(program)
    out = LIBRARY.apply(name, program)
    ast.parse(out)
    assert LIBRARY.apply(name, out) == out, "applying a transform twice changes nothing more"
    sites = [a for a in LIBRARY.find_applications(program) if a.transform == name]
    claimed = {line for a in sites for line in range(a.start[0], a.end[0] + 1)}
    assert _changed_lines(program, out) <= claimed
    assert (out != program) == bool(sites)
