"""The configuration tree: camelCase and snake_case keys, validation with clear messages, previous values kept."""

import dataclasses

import pytest

from clairvoyant.config import Settings, apply_settings, settings_from, settings_reference


def test_defaults_and_nested_updates():
    settings, problems = settings_from({"prediction": {"verifiedMode": True, "candidates": 5}, "llvm": {"samples": 10}})
    assert problems == []
    assert settings.prediction.verified_mode is True
    assert settings.prediction.candidates == 5
    assert settings.llvm.samples == 10
    assert settings.transforms.enabled is True


def test_bad_values_are_reported_and_keep_the_previous_value():
    before, _ = settings_from({"prediction": {"candidates": 4}})
    settings, problems = apply_settings(before, {"prediction": {"candidates": 99, "strategy": "magic", "enabled": "yes"},
                                         "maxDocumentBytes": 1.5, "typo": 1})
    assert settings.prediction.candidates == 4
    assert settings.prediction.strategy == "direct"
    assert settings.prediction.enabled is True
    assert any("candidates must be between 1 and 16" in p for p in problems)
    assert any("strategy must be one of direct, scratchpad" in p for p in problems)
    assert any("enabled must be true or false" in p for p in problems)
    assert any("maxDocumentBytes must be an integer" in p for p in problems)
    assert "unknown setting clairvoyant.typo" in problems


def test_non_object_settings_are_rejected():
    assert apply_settings(Settings(), ["not", "an", "object"]) == (
        Settings(), ["clairvoyant must be an object, not ['not', 'an', 'object']"]
    )
    assert apply_settings(Settings(), None) == (Settings(), [])


def test_settings_are_replaced_never_mutated():
    before = Settings()
    after, problems = apply_settings(before, {"prediction": {"candidates": 7}, "llvm": {"model": "other"}})
    assert problems == [] and before == Settings()
    assert (after.prediction.candidates, after.llvm.model) == (7, "other")
    assert after.transforms is before.transforms, "untouched sections are shared"
    with pytest.raises(dataclasses.FrozenInstanceError):
        after.prediction.candidates = 1  # type: ignore[misc]


def test_reference_lists_every_leaf_in_camel_case():
    keys = [row[0] for row in settings_reference()]
    assert "clairvoyant.prediction.verifiedMode" in keys
    assert "clairvoyant.llvm.timeBudgetS" in keys
    assert len(keys) == len(set(keys)) >= 20
