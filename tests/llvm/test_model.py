"""The shipped llvm-passes model with the pass-list constraint (priority sampling on the real ONNX model)."""
import numpy as np
import pytest

from clairvoyant.llvm import prompt as P
from clairvoyant.llvm.optimizer import MODEL_NAME, PassListConstraint, model_candidates, predict_count
from clairvoyant.llvm.passes import VOCABULARY, parse_pipeline
from clairvoyant.runtime import ModelRegistry, greedy_decode, priority_sample


@pytest.fixture(scope="module")
def model():
    return ModelRegistry().get(MODEL_NAME)


def test_tokenizer_has_one_token_per_vocabulary_entry(model):
    ids = [model.tokenizer.token_to_id(v) for v in VOCABULARY]
    assert None not in ids and len(set(ids)) == len(VOCABULARY)
    text = P.prompt_text("define void @f() {\n  ret void\n}\n")
    assert model.tokenizer.token_to_id(P.UNK) not in model.encode(text)


def test_constrained_priority_sampling_yields_unique_grammatical_lists(model, modules):
    cands = model_candidates(model, modules["interp"], 20, VOCABULARY)
    assert len(cands) >= 10
    pipelines = [p for p, _ in cands]
    assert len(set(pipelines)) == len(pipelines)
    for p in pipelines:
        parse_pipeline(p)
    # priority sampling starts with the greedy sequence (constrained the same way)
    constraint = PassListConstraint(model, VOCABULARY)
    greedy = greedy_decode(model, model.encode(P.prompt_text(modules["interp"])), 22, constraint)
    names = [model.tokenizer.id_to_token(i) for i in greedy.ids if i not in (constraint.cnt, constraint.eos)]
    assert pipelines[0] == ",".join(names)


def test_constraint_masks_everything_but_pass_tokens(model, modules):
    vocab = tuple(v for v in VOCABULARY if "loop" not in v)
    constraint = PassListConstraint(model, vocab)
    prompt_ids = model.encode(P.prompt_text(modules["strs"]))
    allowed = set(constraint.pass_ids)
    for cand in priority_sample(model, prompt_ids, 8, 22, constraint):
        body = [i for i in cand.ids if i not in (constraint.cnt, constraint.eos)]
        assert set(body) <= allowed
        assert cand.ids[-1] == constraint.cnt  # the list is closed by <cnt>; <eos> follows it
    assert constraint([]) == constraint.pass_ids
    assert constraint([constraint.pass_ids[0], constraint.cnt]) == [constraint.eos]
    assert constraint([constraint.pass_ids[0]] * 20) == [constraint.cnt]


def test_predicted_count_is_a_number_in_range(model, modules):
    n = predict_count(model, modules["sort"], "default<Oz>")
    assert n is not None and 0 < n < 10 * 351
    assert np.isfinite(n)
