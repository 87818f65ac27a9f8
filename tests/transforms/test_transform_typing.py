"""Qualified names (`typing.List` and `List`) and nested rewrites (`Optional[List[int]]`): the shipped typing
transform and the synthesizer mechanisms behind it."""

from __future__ import annotations

import pytest

from clairvoyant.transforms import TransformLibrary, synthesize

NAME = "typing-pep585-pep604"

QUALIFIED = '''import typing


class Cache:
    # entries per key
    entries: typing.Dict[str, typing.List[int]]

    def get(self, keys: typing.List[str], default: typing.Optional[int] = None) -> typing.Optional[int]:
        return default
'''
QUALIFIED_AFTER = '''import typing


class Cache:
    # entries per key
    entries: dict[str, list[int]]

    def get(self, keys: list[str], default: int | None = None) -> int | None:
        return default
'''
NEAR_MISSES = [
    "import typing\n\nTable = typing.List[str]\n",  # a type alias, not an annotation
    "import other\n\n\ndef f(xs: other.List[int]) -> other.Optional[str]:\n    return None\n",  # not typing
    "import typing\n\n\ndef f(node: typing.Optional['Node']) -> None:\n    pass\n",  # `'Node' | None` fails at runtime
    "def f(xs: list[int]) -> int | None:\n    return None\n",  # already rewritten
]


@pytest.fixture(scope="module")
def library():
    return TransformLibrary.builtin()


def test_the_shipped_typing_transform_rewrites_qualified_names(library):
    assert NAME in {info.name for info in library.infos()}
    assert library.apply(NAME, QUALIFIED) == QUALIFIED_AFTER


@pytest.mark.parametrize("source", NEAR_MISSES)
def test_the_shipped_typing_transform_leaves_near_misses_alone(library, source):
    assert library.apply(NAME, source) == source


def test_bare_and_qualified_forms_of_a_name_generalize_into_one_rule(library_of):
    examples = [
        {"before": "from typing import List\n\nx: List[int] = []\n", "after": "x: list[int] = []\n"},
        {"before": "import typing\n\ny: typing.Dict[str, int] = {}\n",
         "after": "import typing\n\ny: dict[str, int] = {}\n"},
        {"before": "import typing\n\nz: typing.Optional[str] = None\n",
         "after": "import typing\n\nz: str | None = None\n"},
        {"before": "from typing import Optional\n\nw: Optional[int] = 1\n", "after": "w: int | None = 1\n"},
    ]
    result = synthesize(examples, "generics")
    assert result.ok, result.report
    lib = library_of(result.module_source)
    assert lib.apply("generics", "import typing\n\na: typing.List[str] = []\n") == "import typing\n\na: list[str] = []\n"
    assert lib.apply("generics", "b: Dict[int, int] = {}\n") == "b: dict[int, int] = {}\n"
    assert lib.apply("generics", "c: typing.Optional[bytes] = None\n") == "c: bytes | None = None\n"
    for untouched in ("d: other.List[str] = []\n", "e: other.Optional[str] = None\n", "f: Maybe[str] = None\n"):
        assert lib.apply("generics", untouched) == untouched


def test_a_nested_feedback_case_is_explained_by_the_rules_it_nests(library_of):
    examples = [
        {"before": "def f(x: List[int]) -> None:\n    pass\n", "after": "def f(x: list[int]) -> None:\n    pass\n"},
        {"before": "def g(x: Dict[str, int]) -> None:\n    pass\n", "after": "def g(x: dict[str, int]) -> None:\n    pass\n"},
        {"before": "def h(x: Optional[str]) -> None:\n    pass\n", "after": "def h(x: str | None) -> None:\n    pass\n"},
    ]
    feedback = [  # the outer change is only seen around inner ones
        {"before": "def k(x: Optional[Dict[str, List[int]]]) -> None:\n    pass\n",
         "after": "def k(x: dict[str, list[int]] | None) -> None:\n    pass\n"},
        {"before": "def m(x: Set[Tuple[int, str]]) -> None:\n    pass\n",
         "after": "def m(x: set[tuple[int, str]]) -> None:\n    pass\n"},
    ]
    result = synthesize(examples, "nested", feedback)
    assert result.ok and result.precise, result.report
    lib = library_of(result.module_source)
    assert lib.apply("nested", "def n(x: Optional[Tuple[int, ...]]) -> Set[str]:\n    pass\n") \
        == "def n(x: tuple[int, ...] | None) -> set[str]:\n    pass\n"


def test_a_wrong_rewrite_is_not_taken_for_right_because_its_output_occurs_elsewhere(library_of):
    examples = [
        {"before": "def f(x: List[int]) -> None:\n    pass\n", "after": "def f(x: list[int]) -> None:\n    pass\n"},
        {"before": "def g(x: Dict[str, int]) -> None:\n    pass\n", "after": "def g(x: dict[str, int]) -> None:\n    pass\n"},
    ]
    # in the same statement, the cast's `List[int]` must stay although `list[int]` occurs in the expected code
    feedback = [{"before": "x: List[int] = cast(List[int], y)\n", "after": "x: list[int] = cast(List[int], y)\n"}]
    result = synthesize(examples, "generics", feedback)
    assert result.ok and result.precise, result.report
    lib = library_of(result.module_source)
    assert lib.apply("generics", "z: Dict[str, int] = cast(Dict[str, int], w)\n") \
        == "z: dict[str, int] = cast(Dict[str, int], w)\n"
