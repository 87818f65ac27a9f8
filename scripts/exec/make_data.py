"""Generate execution-trace training data for the exec-predictor (no hand-written tests).

Two sources, both traced with `clairvoyant.execution.tracer` in forked workers with CPU/memory limits:
  gen     random typed puzzle programs (`execution.progen`) on random inputs
  idiom   short idiomatic functions around the methods of str/list/dict/set/tuple/int (`execution.idiomgen`)
  mined   self-contained pure functions from the stdlib / site-packages, or from `--mine-dir` trees (PyPI
          sdists from `fetch_sdists.py`), on typed inputs (`execution.mining`)
  written hand-written short functions with a few natural calls each (`--written FILE`, rows {"code", "calls"}),
          traced on those calls and on `--variants` changed copies of each (`execution.call_variants`)
Samples are deduplicated and decontaminated against the CruxEval evaluation set (never trained on).

  python scripts/exec/make_data.py --out .work/exec-data/samples.jsonl --programs 60000 --workers 1
  python scripts/exec/make_data.py --generator idiom --mined-rounds 0 --report --out .work/exec-data/idiom.jsonl
  python scripts/exec/make_data.py --programs 0 --mined-rounds 0 --written fns.jsonl --variants 8 --out written.jsonl
`--generator mix` draws each program from either generator. `--report` prints and writes `<out>.report.json`:
each listed method's share of samples, methods never used, and the decontamination numbers.
Output rows: {"src", "code", "call", "result", "states", "steps"}.
"""

from __future__ import annotations

import argparse
import functools
import json
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

from clairvoyant.execution import call_variants, idiomgen, mining, progen
from clairvoyant.execution.decontam import NGRAM, ContaminationIndex
from clairvoyant.execution.tracer import format_dynamic, trace_call

MAX_RESULT = 100
MAX_STATES = 48
TIMEOUT_S = 0.2
MAX_SAME_RESULT = 3


def _limit_worker() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # generated code never writes files


def _sample(src: str, code: str, call: str) -> dict | None:
    t = trace_call(code, call, timeout_s=TIMEOUT_S)
    if t.error is not None or t.truncated or t.result is None or len(t.result) > MAX_RESULT:
        return None
    states = format_dynamic(t)
    return {"src": src, "code": code, "call": call, "result": t.result, "states": states[-MAX_STATES:],
            "steps": len(states) - 1}  # fmt: skip


def gen_task(seed: int, calls: tuple[int, int] = (2, 3), generator: str = "progen") -> list[dict]:
    """One random program from `generator` (progen | idiom | mix), traced on `calls` (min, max) random inputs."""
    rng = random.Random(seed)
    if generator == "mix":
        generator = rng.choice(["progen", "idiom"])
    src, g = (
        ("idiom", idiomgen.IdiomGenerator(rng))
        if generator == "idiom"
        else ("gen", progen.ProgramGenerator(rng))
    )
    code, types = g.program()
    try:
        compile(code, "<gen>", "exec")
    except SyntaxError:
        return []
    out = []
    for _ in range(rng.randint(*calls)):
        s = _sample(src, code, f"f({g.inputs(types)})")
        if s is not None:
            out.append(s)
    results = {s["result"] for s in out}
    if len(out) > 1 and len(results) == 1 and rng.random() < 0.7:
        out = out[:1]  # output does not depend on the input: keep one example only
    return out


def mined_task(args: tuple[str, str, int, int]) -> list[dict]:
    """Type-guided input search for one mined function: keep up to 3 inputs that run without error."""
    code, name, n_req, seed = args
    rng = random.Random(seed)
    out, seen = [], set()
    for _ in range(12):
        types = [rng.choice(progen.TYPES) for _ in range(n_req)]
        call = f"{name}({', '.join(repr(progen.rand_value(rng, t)) for t in types)})"
        if call in seen:
            continue
        seen.add(call)
        s = _sample("mined", code, call)
        if s is not None:
            out.append(s)
            if len(out) >= 3:
                break
    return out


def written_task(args: tuple[str, list[str], int, int]) -> list[dict]:
    """One written function traced on its own calls and on up to `n_variants` changed copies of each; at most
    `MAX_SAME_RESULT` samples share a result (changed inputs often land on the same empty or default answer)."""
    code, calls, seed, n_variants = args
    rng = random.Random(seed)
    calls = [call_variants.canonical(c) for c in calls]
    variants = [v for c in calls for v in call_variants.variants(c, rng, n_variants)]
    out, per_result = [], {}
    for call in dict.fromkeys(calls + variants):
        s = _sample("written", code, call)
        if s is not None and per_result.get(s["result"], 0) < MAX_SAME_RESULT:
            per_result[s["result"]] = per_result.get(s["result"], 0) + 1
            out.append(s)
    return out


def write_report(path: Path, args, stats: dict, covered: dict[str, int], n_evals: int, ran: int) -> dict:
    """Method coverage (share of kept samples using each method) and decontamination numbers, as JSON."""
    shares = {m: round(c / max(stats["kept"], 1), 4) for m, c in covered.items()}
    report = {
        "generator": args.generator, "programs": args.programs, "programs_with_samples": ran, "stats": stats,
        "decontamination": {"eval": str(args.eval), "eval_functions": n_evals, "threshold": args.threshold,
                            "ngram": NGRAM, "dropped": stats["contaminated"]},
        "methods": {m: v for m, v in shares.items() if m in idiomgen.METHODS},
        "constructs": {m: v for m, v in shares.items() if m not in idiomgen.METHODS},
        "zero_coverage": sorted(m for m, v in covered.items() if v == 0),
    }  # fmt: skip
    path.write_text(json.dumps(report, indent=1) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(".work/exec-data/samples.jsonl"))
    ap.add_argument("--programs", type=int, default=60000)
    ap.add_argument("--mined-rounds", type=int, default=2, help="input searches per mined function")
    ap.add_argument("--mine-dir", type=Path, action="append", default=[],
                    help="mine this source tree (e.g. sdists from fetch_sdists.py) instead of the stdlib and "
                         "site-packages; repeatable")
    ap.add_argument("--written", type=Path, action="append", default=[],
                    help='JSONL of hand-written functions: {"code": "def f(...): ...", "calls": ["f(...)", ...]}')
    ap.add_argument("--variants", type=int, default=6, help="changed copies of each written call")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--calls", type=int, nargs=2, default=(2, 3), metavar=("MIN", "MAX"),
                    help="random inputs traced per generated program")  # fmt: skip
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--eval", type=Path, default=Path("/work/shared/bench/cruxeval-dev.jsonl"),
                    help="evaluation set to decontaminate against (never trained on)")  # fmt: skip
    ap.add_argument(
        "--threshold", type=float, default=0.5, help="Jaccard 5-gram similarity that drops a sample"
    )
    ap.add_argument("--generator", choices=["progen", "idiom", "mix"], default="progen")
    ap.add_argument(
        "--report", action="store_true", help="print and write <out>.report.json (method coverage)"
    )
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    evals = [json.loads(line)["code"] for line in args.eval.open()] if args.eval.exists() else []
    index = ContaminationIndex(evals)

    t0 = time.time()
    mined = mining.mine(args.mine_dir or None) if args.mined_rounds > 0 else []
    print(f"mined {len(mined)} candidate functions in {time.time() - t0:.0f}s", flush=True)
    mined_jobs = [(c, n, k, args.seed * 1000 + r * 7919 + i) for r in range(args.mined_rounds)
                  for i, (c, n, k) in enumerate(mined)]  # fmt: skip
    written = [json.loads(line) for path in args.written for line in path.open() if line.strip()]
    written_jobs = [(w["code"], w["calls"], args.seed * 1000 + i, args.variants) for i, w in enumerate(written)]
    seen: set[tuple[str, str]] = set()
    stats = {"kept": 0, "dup": 0, "contaminated": 0, "gen": 0, "idiom": 0, "mined": 0, "written": 0}
    checked: dict[str, bool] = {}
    patterns = idiomgen.method_patterns()
    covered, uses = dict.fromkeys(patterns, 0), {}  # method -> kept samples using it; code -> its methods
    ran = 0
    with mp.get_context("fork").Pool(args.workers, initializer=_limit_worker, maxtasksperchild=500) as pool, \
            args.out.open("w") as f:  # fmt: skip
        streams = [pool.imap_unordered(mined_task, mined_jobs, chunksize=8),
                   pool.imap_unordered(written_task, written_jobs, chunksize=4),
                   pool.imap_unordered(functools.partial(gen_task, calls=tuple(args.calls), generator=args.generator), range(args.seed * 10**7, args.seed * 10**7 + args.programs),
                                       chunksize=64)]  # fmt: skip
        for stream in streams:
            for i, samples in enumerate(stream):
                ran += stream is streams[-1] and bool(samples)
                for s in samples:
                    key = (s["code"], s["call"])
                    if key in seen:
                        stats["dup"] += 1
                        continue
                    seen.add(key)
                    if s["code"] not in checked:
                        checked[s["code"]] = index.is_contaminated(s["code"], args.threshold)
                    if checked[s["code"]]:
                        stats["contaminated"] += 1
                        continue
                    stats["kept"] += 1
                    stats[s["src"]] += 1
                    if s["code"] not in uses:
                        uses[s["code"]] = [m for m, p in patterns.items() if p.search(s["code"])]
                    for m in uses[s["code"]]:
                        covered[m] += 1
                    f.write(json.dumps(s) + "\n")
                if i % 2000 == 0:
                    print(f"{time.time() - t0:.0f}s {stats}", flush=True)
    print(json.dumps(stats), flush=True)
    if args.report:
        out = args.out.with_name(args.out.name + ".report.json")
        report = write_report(out, args, stats, covered, len(evals), ran)
        for m, v in sorted({**report["methods"], **report["constructs"]}.items(), key=lambda kv: kv[1]):
            print(f"{v:7.2%}  {m}")
        print(
            f"zero coverage: {report['zero_coverage'] or 'none'}; decontamination: {report['decontamination']}"
        )
        print(f"report: {out}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
