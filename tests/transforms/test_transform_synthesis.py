"""Synthesis: examples + feedback -> a readable libcst module that passes them; near misses become guards."""

from __future__ import annotations

import ast

import pytest

from clairvoyant.transforms import TransformError, synthesize


@pytest.mark.parametrize("name", ["none-comparison", "augmented-assignment", "yield-from", "super-without-arguments"])
def test_builtin_transform_is_synthesized_from_three_examples_and_the_feedback_set(data, name):
    examples, feedback = data.rows("train", name), data.rows("test", name)
    assert len(examples) == 3
    result = synthesize(examples, name, feedback, budget_s=60)
    assert result.ok and result.precise and result.status == "ok", [r for r in result.report if not r["ok"]]
    assert result.seconds < 60
    assert len(result.report) == len(examples) + len(feedback)
    source = result.module_source
    ast.parse(source)
    assert "class Transform(RuleTransformer)" in source
    assert "m.extract(" in source or "match_window(" in source
    assert f"NAME = {name!r}" in source and "DESCRIPTION = " in source


def test_a_new_transform_generalizes_beyond_its_examples(library_of):
    examples = [
        {"before": "if config.has_key('port'):\n    use(config)\n", "after": "if 'port' in config:\n    use(config)\n"},
        {"before": "ok = self.cache.has_key(name)\n", "after": "ok = name in self.cache\n"},
        {"before": "def f(d, k):\n    return d.has_key(k + 1)\n", "after": "def f(d, k):\n    return k + 1 in d\n"},
    ]
    result = synthesize(examples, "has-key")
    assert result.ok
    library = library_of(result.module_source)
    assert library.apply("has-key", "x = registry.items.has_key(key)\n") == "x = key in registry.items\n"
    assert library.apply("has-key", "x = registry.has_key(a, b)\n") == "x = registry.has_key(a, b)\n"


def test_a_near_miss_negative_becomes_a_guard(data, library_of):
    examples = data.rows("train", "augmented-assignment")
    negative = {"before": "name = name + '!'\n", "after": "name = name + '!'\n"}  # a string: a convention
    unguarded = synthesize(examples, "aug")
    guarded = synthesize(examples + [negative], "aug")
    assert guarded.ok and guarded.precise
    lib_unguarded, lib_guarded = library_of(unguarded.module_source), library_of(guarded.module_source)
    near_miss = "title = title + '?'\n"
    assert lib_unguarded.apply("aug", near_miss) != near_miss  # without the negative it over-generalizes
    assert lib_guarded.apply("aug", near_miss) == near_miss
    assert lib_guarded.apply("aug", "n = n + 2\n") == "n += 2\n"
    subscript = "counts[w] = counts[w] + 1\n"  # a target kind no example shows: left alone even without a negative
    assert lib_unguarded.apply("aug", subscript) == subscript


def test_contradicting_examples_are_not_claimed_ok():
    examples = [
        {"before": "x = a + 1\n", "after": "x = 1 + a\n"},
        {"before": "y = b + 1\n", "after": "y = b + 1  # kept\n"},
        {"before": "z = c + 1\n", "after": "z = 1 + c\n"},
        {"before": "w = d + 1\n", "after": "w = d + 1\n"},
    ]
    result = synthesize(examples, "swap")
    assert not result.ok
    assert any(not r["ok"] for r in result.report)


def test_a_malformed_example_is_a_clear_error():
    with pytest.raises(TransformError, match="not valid Python"):
        synthesize([{"before": "def (:\n", "after": "pass\n"}], "broken")


def test_an_unknown_generator_is_refused():
    with pytest.raises(TransformError, match="generator"):
        synthesize([{"before": "x = 1\n", "after": "x = 2\n"}], "g", generator="llm")
