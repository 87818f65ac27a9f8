"""Byte-level BPE tokenizer training (HF tokenizers)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

DEFAULT_SPECIALS = ["<pad>", "<bos>", "<eos>", "<unk>"]


def train_bpe(texts: Iterable[str], out: Path, vocab_size: int = 4096, special_tokens: list[str] | None = None) -> Tokenizer:
    """Train a byte-level BPE on `texts`, save it to `out` (tokenizer.json) and return it.

    Special tokens get the first ids, in the order given (pad=0, bos=1, eos=2 with the defaults).
    """
    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=special_tokens or DEFAULT_SPECIALS,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(texts, trainer=trainer)
    out.parent.mkdir(parents=True, exist_ok=True)
    tok.save(str(out))
    return tok
