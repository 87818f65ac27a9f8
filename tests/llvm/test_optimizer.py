import pytest

from clairvoyant.llvm import optimizer as O
from clairvoyant.llvm.backend import make_backend
from clairvoyant.llvm.passes import OZ, parse_pipeline


@pytest.fixture(scope="module", autouse=True)
def shared_backend(lib_backend):
    O.set_backend(lib_backend)
    yield
    O.set_backend(None)


def test_check_ir_reports_parse_and_verify_lines():
    assert O.check_ir("define i32 @f() {\n  ret i32 0\n}\n") == []
    (err,) = O.check_ir("define i32 @f() {\n  ret void\n}\n")
    assert err.line == 1 and "function result type" in err.message
    bad_dominance = ("define i32 @g(i32 %x) {\nentry:\n  %a = add i32 %b, 1\n  %b = add i32 %x, 1\n"
                     "  ret i32 %a\n}\n")
    (err,) = O.check_ir(bad_dominance)
    assert "dominate" in err.message and err.line == 3  # the instruction the verifier names first


def test_count_instructions_per_function(modules):
    total, funcs = O.count_instructions(modules["interp"])
    assert total == sum(f.instructions for f in funcs) > 0
    assert {f.name for f in funcs} == {"run", "count_ops"}
    lines = modules["interp"].splitlines()
    assert all(lines[f.line].startswith("define") and f"@{f.name}(" in lines[f.line] for f in funcs)


def test_feedback_rejects_invalid_candidates(modules, lib_backend):
    ir = modules["sort"]
    oz = lib_backend.evaluate(ir, OZ, want_ir=True)
    results = O.evaluate_candidates(lib_backend, ir, oz, ["function(loop(licm))", "nosuchpass",
                                                   f"{OZ},function(sroa)"], deadline=float("inf"))
    assert [r.ok for r in results] == [False, False, True]
    assert "MemorySSA" in results[0].error
    assert results[2].pipeline == f"{OZ},function(sroa)"


@pytest.mark.parametrize("name", ["sort", "interp", "strs"])
def test_optimize_never_worse_than_oz_and_verified(modules, lib_backend, name):
    res = O.optimize(modules[name], samples=12, time_budget_s=10.0)
    assert res.suggested_count <= res.oz_count < res.input_count
    assert 1 <= res.compilations <= 12
    parse_pipeline(res.pipeline)
    assert O.check_ir(res.optimized_ir) == []
    again = lib_backend.evaluate(modules[name], res.pipeline)
    assert again.count == res.suggested_count
    assert sum(f.suggested for f in res.functions if f.suggested is not None) <= res.suggested_count
    assert res.opt_command.startswith("opt-19 -passes='")
    assert res.oz_text_bytes > 0 and res.suggested_text_bytes > 0


def test_optimize_raises_irerror_with_line():
    with pytest.raises(O.IRError) as exc:
        O.optimize("define i32 @f() {\n  ret void\n}\n", samples=2)
    assert exc.value.line == 1


def test_optimize_with_opt_backend(modules, lib_backend):
    res = O.optimize(modules["strs"], samples=1, backend=make_backend("opt"))
    assert res.pipeline == OZ and res.compilations == 1
    assert res.oz_count == lib_backend.evaluate(modules["strs"], OZ).count


class CountingBackend:
    """Wraps a backend and records every pipeline it compiles on `module` (not the vocabulary probes)."""

    def __init__(self, inner, module: str):
        self.inner, self.module, self.calls = inner, module, []
        self.workers = getattr(inner, "workers", 1)

    def evaluate(self, text, pipeline, **kw):
        if text == self.module:
            self.calls.append(pipeline)
        return self.inner.evaluate(text, pipeline, **kw)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_staged_search_compiles_each_candidate_once(modules, lib_backend):
    backend = CountingBackend(lib_backend, modules["interp"])
    search = O.PipelineSearch(modules["interp"], backend=backend)
    first = search.result(2, time_budget_s=30.0)
    assert [c["source"] for c in first.candidates] == ["-Oz", "ranker"] and first.compilations == 2
    full = search.result(8, time_budget_s=30.0)
    assert full.compilations == 8 and full.suggested_count <= first.suggested_count
    assert full.candidates[:2] == first.candidates, "the single suggestion is the full search's first candidate"
    assert backend.calls.count(OZ) == 1, "-Oz compiled once for both stages"
    proposed = [c["pipeline"] for c in full.candidates[1:]]
    assert all(backend.calls.count(p) <= 2 for p in proposed), "a candidate compiled once (plus its verification)"
    one_stage = O.optimize(modules["interp"], samples=8, time_budget_s=30.0)
    assert one_stage.suggested_count == full.suggested_count, "staging does not change the answer"
