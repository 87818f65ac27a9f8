"""The model runtime: manifests and checksums, sessions, greedy decoding, priority sampling and constraints."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from clairvoyant.runtime import (
    ModelError,
    ModelRegistry,
    RegexConstraint,
    choose_providers,
    greedy_decode,
    priority_sample,
)
from toy_model import VOCAB, default_table, write_model_dir

IDX = {w: i for i, w in enumerate(VOCAB)}


@pytest.fixture()
def registry(tmp_path):
    write_model_dir(tmp_path)
    progress = []
    reg = ModelRegistry(tmp_path, provider="cpu", on_progress=lambda *a: progress.append(a))
    reg.progress = progress
    return reg


def sequence_logprob(words: list[str], table=None) -> float:
    table = default_table() if table is None else table
    prev, total = IDX["<bos>"], 0.0
    for w in words + ["<eos>"]:
        total += math.log(table[prev, IDX[w]])
        prev = IDX[w]
    return total


def all_sequences(max_len: int) -> list[tuple[list[str], float]]:
    words = ["a", "b", "c", "d"]
    seqs = []
    for n in range(max_len + 1):
        for combo in itertools.product(words, repeat=n):
            seqs.append((list(combo), sequence_logprob(list(combo))))
    return sorted(seqs, key=lambda s: -s[1])


def test_registry_loads_lazily_and_reports_progress(registry):
    assert registry.available() == ["toy"]
    assert registry.status() == {"toy": "not loaded"}
    model = registry.get("toy")
    assert registry.get("toy") is model, "one session per model per process"
    assert registry.status() == {"toy": "loaded"}
    assert [p[2] for p in registry.progress][-1] == 100
    assert model.eos_id == IDX["<eos>"]


def test_step_returns_normalised_log_probs_and_grows_the_cache(registry):
    model = registry.get("toy")
    log_probs, cache = model.step([IDX["<bos>"]])
    assert cache.length == 1
    np.testing.assert_allclose(np.exp(log_probs), default_table()[IDX["<bos>"]], rtol=1e-4)
    _, cache = model.step([IDX["a"], IDX["b"]], cache)
    assert cache.length == 3


def test_greedy_decode_follows_the_most_likely_token(registry):
    model = registry.get("toy")
    best = greedy_decode(model, [IDX["<bos>"]], max_new_tokens=5)
    assert best.text == "a b"
    assert best.finished
    assert best.logprob == pytest.approx(sequence_logprob(["a", "b"]), abs=1e-4)


def test_priority_sampling_yields_unique_sequences_in_confidence_order(registry):
    model = registry.get("toy")
    got = priority_sample(model, [IDX["<bos>"]], n=6, max_new_tokens=4)
    texts = [c.text for c in got]
    assert len(set(texts)) == len(texts) == 6
    for cand in got:
        assert cand.logprob == pytest.approx(sequence_logprob(cand.text.split()), abs=1e-3)
    exact = [" ".join(words) for words, _ in all_sequences(4)[:6]]
    assert texts[0] == exact[0]
    assert set(texts[:3]) == set(exact[:3])


def test_regex_constraint_restricts_tokens(registry):
    model = registry.get("toy")
    constraint = RegexConstraint(model, r"(c|b) ?d")
    got = priority_sample(model, [IDX["<bos>"]], n=5, max_new_tokens=4, constraint=constraint)
    assert sorted(c.text for c in got) == ["b d", "c d"]
    assert all(c.finished for c in got)


def test_callable_constraint_and_dead_ends(registry):
    model = registry.get("toy")
    only_a = priority_sample(model, [IDX["<bos>"]], n=3, max_new_tokens=3, constraint=lambda ids: [IDX["a"]])
    assert [c.text for c in only_a] == ["a a a"]
    assert not only_a[0].finished
    assert priority_sample(model, [IDX["<bos>"]], n=3, max_new_tokens=3, constraint=lambda ids: []) == []


def test_checksum_mismatch_refuses_the_model_but_not_others(tmp_path):
    write_model_dir(tmp_path, "good")
    bad = write_model_dir(tmp_path, "bad")
    with open(bad / "model.onnx", "ab") as handle:
        handle.write(b"tampered")
    progress = []
    reg = ModelRegistry(tmp_path, provider="cpu", on_progress=lambda *a: progress.append(a))
    with pytest.raises(ModelError, match="checksum mismatch"):
        reg.get("bad")
    assert progress[-1][2] == 100 and progress[-1][1].startswith("failed: "), "a failed load ends its progress"
    assert reg.status()["bad"].startswith("error: ")
    assert reg.get("good").name == "good"


def test_missing_files_give_clear_errors(tmp_path):
    missing = write_model_dir(tmp_path, "gone")
    (missing / "tokenizer.json").unlink()
    reg = ModelRegistry(tmp_path, provider="cpu")
    with pytest.raises(ModelError, match="tokenizer.json is missing"):
        reg.get("gone")
    with pytest.raises(ModelError, match="no manifest.json"):
        reg.get("nonexistent")


def test_cpu_is_always_a_provider():
    assert choose_providers("auto")[-1] == "CPUExecutionProvider"
    assert choose_providers("cpu") == ["CPUExecutionProvider"]
