"""Tokenization policies: plain BPE, and legible literals (string literals and digits one byte token each)."""

from __future__ import annotations

import json

import pytest
from tokenizers import Tokenizer

from clairvoyant.paths import models_dir
from clairvoyant.runtime import ModelError, ModelRegistry
from clairvoyant.runtime.tokenization import TextEncoder
from toy_model import write_model_dir


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer.from_file(str(models_dir() / "exec-predictor" / "tokenizer.json"))


def pieces(tok: Tokenizer, ids: list[int]) -> list[str]:
    return [tok.decode([i], skip_special_tokens=False) for i in ids]


def contains(seq: list[str], part: list[str]) -> bool:
    return any(seq[i : i + len(part)] == part for i in range(len(seq)))


def test_bpe_policy_is_the_tokenizer_itself(tokenizer):
    text = "def f(text):\n    return text.upper()\n<call>f('hello world')<ret>"
    assert TextEncoder(tokenizer).encode(text) == tokenizer.encode(text, add_special_tokens=False).ids


def test_legible_splits_literals_and_digits_into_single_characters(tokenizer):
    encoder = TextEncoder(tokenizer, "legible")
    text = "def f(text):\n    return text.upper() + 'taole'[::-1] * 12\n<call>f(\"it's\")<ret>"
    ids = encoder.encode(text)
    assert tokenizer.decode(ids, skip_special_tokens=False) == text, "lossless"
    got = pieces(tokenizer, ids)
    assert contains(got, list("'taole'")), "a string literal is one token per character"
    assert contains(got, [" ", "1", "2"]), "digits one by one"
    assert contains(got, list("\"it's\"")), "a quote inside other quotes is part of the literal"
    assert "<call>" in got and "<ret>" in got, "special tokens still recognised"
    assert "def" in got and " return" in got, "code outside literals stays BPE-merged"
    assert len(ids) < len(text)


def test_legible_handles_non_ascii_escapes_and_unclosed_quotes(tokenizer):
    encoder = TextEncoder(tokenizer, "legible")
    for text in ["'héllo ✓'", r"'a\'b\\'", "x = 'unclosed", "'multi\nline'", "", "007"]:
        assert tokenizer.decode(encoder.encode(text), skip_special_tokens=False) == text
    assert len(encoder.encode("'✓'")) == 2 + len("✓".encode()), "a character outside ASCII is its UTF-8 bytes"


def test_unknown_or_unusable_policy_is_a_clear_model_error(tmp_path, tokenizer):
    with pytest.raises(ValueError, match="unknown tokenization"):
        TextEncoder(tokenizer, "chars")
    toy = write_model_dir(tmp_path, "toy")  # a word-level tokenizer has no byte tokens
    manifest = json.loads((toy / "manifest.json").read_text())
    (toy / "manifest.json").write_text(json.dumps({**manifest, "tokenization": "legible"}))
    with pytest.raises(ModelError, match="byte-level BPE"):
        ModelRegistry(tmp_path, provider="cpu").get("toy")
