"""The pass vocabulary (code-size-relevant LLVM 19 passes in wrapped form) and the grammar of pass lists.

Every entry carries its own nesting (`cgscc(...)`, `function(...)`, `function(loop(...))`,
`function(loop-mssa(...))`) so that any sequence of entries joined by commas is a valid new-pass-manager
pipeline string. `gvn-sink` is left out: it is nondeterministic in-process on LLVM 19.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from clairvoyant.llvm.errors import LlvmError

OZ = "default<Oz>"

_MODULE = ["always-inline", "globalopt", "globaldce", "ipsccp", "deadargelim", "constmerge", "mergefunc", "called-value-propagation", "elim-avail-extern", "rpo-function-attrs", "strip-dead-prototypes", "partial-inliner", "iroutliner", "hotcoldsplit", "attributor-light"]
_CGSCC = ["inline", "function-attrs", "argpromotion"]
_FUNCTION = ["adce", "aggressive-instcombine", "bdce", "callsite-splitting", "consthoist", "constraint-elimination", "correlated-propagation", "dce", "div-rem-pairs", "dse", "early-cse", "early-cse<memssa>", "flatten-cfg", "float2int", "gvn", "gvn-hoist", "newgvn", "instcombine<no-verify-fixpoint>", "instsimplify", "jump-threading", "dfa-jump-threading", "lower-constant-intrinsics", "lower-expect", "lower-switch", "mem2reg", "memcpyopt", "mergeicmps", "mergereturn", "mldst-motion", "nary-reassociate", "reassociate", "reg2mem", "sccp", "separate-const-offset-from-gep", "simplifycfg", "simplifycfg<switch-to-lookup;hoist-common-insts;sink-common-insts>", "simplifycfg<hoist-common-insts;sink-common-insts>", "sink", "slsr", "sroa", "speculative-execution", "tailcallelim", "vector-combine", "slp-vectorizer", "load-store-vectorizer", "libcalls-shrinkwrap", "loop-simplify", "lcssa", "loop-load-elim", "loop-distribute", "loop-fusion", "loop-vectorize", "loop-data-prefetch", "loop-unroll", "loop-sink"]
_LOOP = ["loop-rotate", "loop-deletion", "loop-idiom", "loop-instsimplify", "loop-simplifycfg", "loop-reduce", "indvars", "loop-unroll-full", "loop-flatten", "loop-interchange"]
_LOOP_MSSA = ["licm", "simple-loop-unswitch"]
_LEVELS = ["default<Oz>", "default<Os>", "default<O1>", "default<O2>"]

VOCABULARY: tuple[str, ...] = tuple(
    _LEVELS + _MODULE + [f"cgscc({p})" for p in _CGSCC] + [f"function({p})" for p in _FUNCTION]
    + [f"function(loop({p}))" for p in _LOOP] + [f"function(loop-mssa({p}))" for p in _LOOP_MSSA])

MAX_PASSES = 40


class PipelineError(LlvmError, ValueError):
    """A pass list that is not in the grammar (unknown entry, unbalanced brackets, too long, empty)."""


def split_top_level(pipeline: str) -> list[str]:
    """Split a pipeline string on commas that are not inside (...) or <...>."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(pipeline):
        if ch in "(<":
            depth += 1
        elif ch in ")>":
            depth -= 1
            if depth < 0:
                raise PipelineError(f"unbalanced '{ch}' at offset {i}")
        elif ch == "," and depth == 0:
            parts.append(pipeline[start:i].strip())
            start = i + 1
    if depth:
        raise PipelineError("unbalanced brackets")
    parts.append(pipeline[start:].strip())
    return parts


def parse_pipeline(pipeline: str, vocabulary: tuple[str, ...] | frozenset[str] = VOCABULARY) -> list[str]:
    """Parse `a,b,c` into vocabulary entries; raises PipelineError when not in the grammar."""
    if not pipeline.strip():
        raise PipelineError("empty pipeline")
    parts = split_top_level(pipeline)
    known = set(vocabulary)
    for p in parts:
        if p not in known:
            raise PipelineError(f"unknown pass entry {p!r}")
    if len(parts) > MAX_PASSES:
        raise PipelineError(f"too many passes ({len(parts)} > {MAX_PASSES})")
    return parts


def format_pipeline(passes: list[str] | tuple[str, ...]) -> str:
    """The pipeline string for a list of entries (what `opt -passes=` and LLVMRunPasses take)."""
    return ",".join(passes)


def is_valid_pipeline(pipeline: str, vocabulary=VOCABULARY) -> bool:
    try:
        parse_pipeline(pipeline, vocabulary)
        return True
    except PipelineError:
        return False


def opt_command(pipeline: str, src: str = "in.ll", dst: str = "out.ll") -> str:
    """The equivalent shell command for `opt-19`."""
    return f"opt-19 -passes='{pipeline}' {src} -S -o {dst}"


PROBE_IR = (Path(__file__).with_name("probe.ll")).read_text()


def validate_vocabulary(backend, vocabulary: tuple[str, ...] = VOCABULARY) -> tuple[tuple[str, ...], dict[str, str]]:
    """Run each entry on the probe module with `backend`; returns (usable entries, {rejected: reason})."""
    good, bad = [], {}
    for entry in vocabulary:
        r = backend.evaluate(PROBE_IR, entry, verify=True)
        if r.ok:
            good.append(entry)
        else:
            bad[entry] = (r.error or "failed").splitlines()[0]
    return tuple(good), bad


@lru_cache(maxsize=4)
def _validated(backend_id: int, backend) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    good, bad = validate_vocabulary(backend)
    return good, tuple(bad.items())


def installed_vocabulary(backend) -> tuple[str, ...]:
    """The vocabulary entries valid for the installed LLVM (validated once per backend and process)."""
    return _validated(id(backend), backend)[0]
