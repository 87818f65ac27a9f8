"""`clairvoyant transform list|apply|learn-edit` and `clairvoyant synthesize`: the transforms engine on the command
line."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def add_parser(subparsers) -> None:
    transform = subparsers.add_parser("transform", help="list or apply synthesized transforms (quick fixes)")
    actions = transform.add_subparsers(dest="transform_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the available transforms")
    listing.add_argument("--workspace", type=Path, help="also load DIR/.clairvoyant/transforms (runs its code)")
    listing.add_argument("--json", action="store_true", help="print one JSON object")
    listing.set_defaults(func=run_list)
    apply = actions.add_parser("apply", help="apply a transform to a Python file (prints the result)")
    apply.add_argument("name", metavar="NAME")
    apply.add_argument("file", metavar="FILE", type=Path)
    apply.add_argument("--lines", metavar="A:B", help="only sites meeting these 1-based lines")
    apply.add_argument("--workspace", type=Path, help="also load DIR/.clairvoyant/transforms (runs its code)")
    apply.add_argument("--write", action="store_true", help="rewrite FILE in place instead of printing")
    apply.add_argument("--json", action="store_true", help="print one JSON object")
    apply.set_defaults(func=run_apply)

    learn = actions.add_parser("learn-edit", help="learn a transform from an edit (BEFORE -> AFTER) and list the "
                                                  "other places where the same edit applies")
    learn.add_argument("before", metavar="BEFORE.py", type=Path)
    learn.add_argument("after", metavar="AFTER.py", type=Path)
    learn.add_argument("--name", required=True, help="the transform to create or refine (kebab-case)")
    learn.add_argument("--workspace", type=Path, default=Path("."),
                       help="where the examples and the module go (DIR/.clairvoyant/transforms) and whose Python "
                            "files are searched for other places (default: the current directory)")
    learn.add_argument("--budget-s", type=float, default=10, help="synthesis time budget in seconds (default 10)")
    learn.add_argument("--json", action="store_true", help="print one JSON object")
    learn.set_defaults(func=run_learn_edit)

    synth = subparsers.add_parser("synthesize", help="synthesize a transform module from before/after examples")
    synth.add_argument("--examples", type=Path, help="JSON lines with before/after (rows of other transforms "
                                                     "are skipped when a row has a 'transform' field)")
    synth.add_argument("--transform", metavar="NAME",
                       help="name of the transform to synthesize, kebab-case (len_zero is stored as len-zero)")
    synth.add_argument("--out", type=Path, help="directory for NAME.py and NAME.report.json")
    synth.add_argument("--feedback", type=Path, help="JSON lines of further cases (positives and near misses)")
    synth.add_argument("--budget-s", type=float, default=60, help="time budget in seconds (default 60)")
    synth.add_argument("--corpus", type=Path, metavar="DIR",
                       help="a workspace whose Python files are unlabelled evidence (how many sites each rule "
                            "matches, and whether they look like the examples)")
    synth.add_argument("--generator", choices=["embedded", "llm"], default="embedded",
                       help="embedded: the example-driven synthesizer (no LLM); llm: an OpenAI-compatible endpoint")
    synth.add_argument("--llm-url", default=os.environ.get("CLAIRVOYANT_LLM_URL", ""),
                       help="OpenAI-compatible base URL, e.g. http://127.0.0.1:8080/v1 (llama.cpp, vLLM, Ollama)")
    synth.add_argument("--llm-model", default=os.environ.get("CLAIRVOYANT_LLM_MODEL", ""), help="model name")
    synth.add_argument("--llm-api-key-env", default="CLAIRVOYANT_LLM_API_KEY",
                       help="environment variable holding the API key (default CLAIRVOYANT_LLM_API_KEY)")
    synth.add_argument("--title", help="quick-fix title (default: the examples' first change, "
                                       "e.g. `len(items) == 0` → `not items`)")
    synth.add_argument("--description", help="one-sentence description for the module")
    synth.add_argument("--all", action="store_true",
                       help="regenerate the built-in library (same as scripts/regenerate_transforms.py)")
    synth.add_argument("--data", type=Path, help="with --all: directory of transforms.json/train.jsonl/test.jsonl")
    synth.add_argument("--json", action="store_true", help="print one JSON object")
    synth.set_defaults(func=run_synthesize)


def _library(workspace: Path | None):
    from clairvoyant.transforms import TransformLibrary

    library = TransformLibrary.builtin()
    if workspace is not None:
        library = library.with_directory(workspace / ".clairvoyant" / "transforms")
    return library


def run_list(args) -> int:
    infos = _library(args.workspace).infos()
    if args.json:
        print(json.dumps({"transforms": [vars(i) for i in infos]}))
    else:
        for i in infos:
            flag = "  (precise only)" if i.precise else ""
            origin = "shipped" if i.source == "builtin" else i.source
            print(f"{i.name:32s} {origin:10s} {i.title}{flag}")
    return 0


def _fail(message: str) -> int:
    print(f"clairvoyant: {message}", file=sys.stderr)
    return 1


def run_apply(args) -> int:
    from clairvoyant.transforms import TransformError

    try:
        source = args.file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _fail(f"cannot read {args.file}: {exc}")
    start = end = None
    if args.lines:
        try:
            a, _, b = args.lines.partition(":")
            start, end = int(a) - 1, int(b or a) - 1
        except ValueError:
            return _fail(f"--lines must look like 3:7, not {args.lines!r}")
    try:
        result = _library(args.workspace).apply(args.name, source, start, end)
    except TransformError as exc:
        return _fail(str(exc))
    if args.write and result != source:
        args.file.write_text(result, encoding="utf-8")
    if args.json:
        print(json.dumps({"transform": args.name, "file": str(args.file), "changed": result != source,
                          "written": bool(args.write and result != source), "result": result}))
    elif not args.write:
        sys.stdout.write(result)
    return 0


def run_synthesize(args) -> int:
    from clairvoyant.transforms import TransformError, synthesize
    from clairvoyant.transforms.naming import normalize_name

    if args.all:
        from clairvoyant.transforms.builtin import DEFAULT_DATA, regenerate

        index = regenerate(args.data or DEFAULT_DATA, budget_s=args.budget_s)
        print(json.dumps(index) if args.json else "\n".join(
            f"{t['name']:32s} {t['status']:13s} {t['passed']}/{t['cases']}" for t in index["transforms"]))
        return 0
    if not (args.examples and args.transform and args.out):
        return _fail("synthesize needs --examples, --transform and --out (or --all)")
    try:
        name = normalize_name(args.transform)
    except TransformError as exc:
        return _fail(str(exc))
    if name != args.transform:
        print(f"clairvoyant: transform names are kebab-case: {args.transform!r} is stored as {name!r}",
              file=sys.stderr)
    args.transform = name
    try:
        examples = _rows(args.examples, args.transform)
        feedback = _rows(args.feedback, args.transform) if args.feedback else None
        if not examples:
            return _fail(f"no examples for {args.transform} in {args.examples}")
        llm = None
        if args.generator == "llm":
            from clairvoyant.transforms.llm import LlmEndpoint

            if not args.llm_url:
                return _fail("--generator llm needs --llm-url (or CLAIRVOYANT_LLM_URL)")
            llm = LlmEndpoint(args.llm_url, args.llm_model, os.environ.get(args.llm_api_key_env, ""))
        corpus = None
        if args.corpus is not None:
            from clairvoyant.transforms.edit_learning import workspace_files

            corpus = list(workspace_files(args.corpus).values())
        result = synthesize(examples, args.transform, feedback, budget_s=args.budget_s, generator=args.generator,
                            title=args.title, description=args.description, llm=llm, corpus=corpus)
    except (OSError, ValueError, KeyError, TransformError) as exc:
        return _fail(str(exc))
    args.out.mkdir(parents=True, exist_ok=True)
    module = args.out / f"{args.transform}.py"
    if result.status != "failed":
        module.write_text(result.module_source, encoding="utf-8")
    summary = {"transform": args.transform, "status": result.status, "ok": result.ok, "precise": result.precise,
               "rules": result.rules, "seconds": result.seconds, "iterations": result.iterations,
               "evidence": result.evidence,
               "module": str(module) if result.status != "failed" else None, "report": result.report}
    (args.out / f"{args.transform}.report.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(summary))
    else:
        passed = sum(r["ok"] for r in result.report)
        print(f"{args.transform}: {result.status}, {result.rules} rules, {passed}/{len(result.report)} cases pass, "
              f"{result.seconds:.1f} s" + (f" -> {module}" if result.status != "failed" else ""))
        for r in result.report:
            if not r["ok"]:
                what = "changed wrongly" if r["changed"] else "not changed"
                print(f"  FAIL {r['id']}: {what}" + (f" ({r['error']})" if r["error"] else ""))
    if result.status == "failed":
        print("clairvoyant: no transform written: it changes some cases wrongly", file=sys.stderr)
    return 0 if result.ok else 1


def run_learn_edit(args) -> int:
    from clairvoyant.transforms import TransformError
    from clairvoyant.transforms.edit_learning import learn_from_edit, workspace_files

    root = args.workspace.resolve()
    try:
        before = args.before.read_text(encoding="utf-8")
        after = args.after.read_text(encoding="utf-8")
        learned = learn_from_edit(before, after, args.name, root / ".clairvoyant" / "transforms",
                                  str(args.after.resolve()), workspace_files(root), budget_s=args.budget_s)
    except (OSError, UnicodeDecodeError, TransformError) as exc:
        return _fail(str(exc))
    result = learned.result
    places = [{"path": p.path, "start": list(p.start), "end": list(p.end), "new_text": p.new_text}
              for p in learned.places]
    if args.json:
        print(json.dumps({"transform": learned.name, "status": result.status, "rules": result.rules,
                          "examples": len(learned.examples), "examples_file": str(learned.examples_path),
                          "module": str(learned.module_path) if learned.module_path else None,
                          "source": result.module_source if learned.module_path else None,
                          "evidence": result.evidence, "seconds": result.seconds, "places": places}))
        return 0 if learned.module_path else 1
    if learned.module_path is None:
        print(f"clairvoyant: {learned.name}: no transform written: it would change some of its "
              f"{len(learned.examples)} examples wrongly", file=sys.stderr)
        return 1
    print(f"{learned.name}: {result.status}, {result.rules} rules from {len(learned.examples)} examples "
          f"({learned.examples_path}), {result.seconds:.1f} s -> {learned.module_path}")
    print(result.module_source)
    print(f"Apply the same edit in {len(places)} other place{'s' if len(places) != 1 else ''}:")
    for p in learned.places:
        print(f"  {p.path}:{p.start[0] + 1}:{p.start[1] + 1}: {p.new_text!r}")
    return 0


def _rows(path: Path, name: str) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            raise ValueError(f"{path}:{number}: not JSON: {exc}") from None
        if "before" not in row:
            raise ValueError(f"{path}:{number}: a row needs 'before' (and 'after')")
        if _same_name(row.get("transform", name), name):
            rows.append(row)
    return rows


def _same_name(a: str, b: str) -> bool:
    from clairvoyant.transforms import TransformError
    from clairvoyant.transforms.naming import normalize_name

    try:
        return normalize_name(a) == normalize_name(b)
    except TransformError:
        return a == b
