import pytest

from clairvoyant.llvm.passes import (
    OZ,
    VOCABULARY,
    PipelineError,
    format_pipeline,
    opt_command,
    parse_pipeline,
    split_top_level,
    validate_vocabulary,
)


def test_grammar_round_trip():
    entries = ["function(sroa)", "simplifycfg<switch-to-lookup;hoist-common-insts;sink-common-insts>", OZ]
    entries[1] = "function(" + entries[1] + ")"
    text = format_pipeline(entries)
    assert parse_pipeline(text) == entries
    assert split_top_level("function(loop-mssa(licm)),default<Oz>") == ["function(loop-mssa(licm))", OZ]


@pytest.mark.parametrize("bad", ["", "sroa", "function(sroa", "function(gvn-sink)", "default<Oz>,bogus",
                                 ",".join(["globaldce"] * 41)])
def test_grammar_rejects(bad):
    with pytest.raises(PipelineError):
        parse_pipeline(bad)


def test_vocabulary_is_valid_for_installed_llvm(lib_backend):
    assert 80 <= len(VOCABULARY) <= 100
    assert not any("gvn-sink" in v for v in VOCABULARY)
    good, bad = validate_vocabulary(lib_backend)
    assert bad == {} and len(good) == len(VOCABULARY)


def test_validation_rejects_unwrapped_passes(lib_backend):
    good, bad = validate_vocabulary(lib_backend, ("function(loop(licm))", "nosuchpass", "globaldce"))
    assert good == ("globaldce",)
    assert set(bad) == {"function(loop(licm))", "nosuchpass"}


def test_opt_command_quotes_pipeline():
    assert opt_command("function(sroa),default<Oz>") == "opt-19 -passes='function(sroa),default<Oz>' in.ll -S -o out.ll"
