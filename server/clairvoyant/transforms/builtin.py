"""Regenerating the built-in library from the shared benchmark data (the one documented way to build it).

`regenerate(data_dir, out_dir)` synthesizes every transform listed in `transforms.json` from its `train.jsonl`
examples with `test.jsonl` as the feedback set, writes `<module>.py` for each shipped one (status `ok`, or
`precise-only` when it is right wherever it applies) and `index.json`.  The output is deterministic, so CI can
regenerate and compare byte-for-byte (`scripts/regenerate_transforms.py --check`).
"""

from __future__ import annotations

import json
from pathlib import Path

from clairvoyant.paths import shared_dir
from clairvoyant.transforms.catalog import LIBRARY_DIR, SHIPPED
from clairvoyant.transforms.synthesis import SynthesisResult, synthesize

DEFAULT_DATA = shared_dir() / "bench" / "transforms"
# Plain-words quick-fix titles of the built-in transforms (user-interface text only; synthesis never sees them).
TITLES = {
    "none-comparison": "Compare with None using `is`",
    "not-in-operator": "Use `not in` / `is not`",
    "dict-keys-membership": "Drop the redundant `.keys()`",
    "type-equality-to-isinstance": "Use isinstance() instead of comparing types",
    "augmented-assignment": "Use an augmented assignment",
    "unittest-deprecated-aliases": "Use the current unittest assertion name",
    "super-without-arguments": "Use super() without arguments",
    "yield-from": "Use `yield from`",
    "merge-isinstance": "Merge isinstance() checks",
    "format-to-fstring": "Convert to an f-string",
    "range-len-to-enumerate": "Use enumerate() instead of range(len(...))",
    "return-bool-simplification": "Return the condition directly",
    "merge-nested-if": "Merge nested if statements",
    "append-loop-to-comprehension": "Replace the append loop with a list comprehension",
    "dict-get-with-default": "Use dict.get() with a default",
    "typing-pep585-pep604": "Use built-in generics and `X | None` in annotations",
}


def module_name(name: str) -> str:
    return name.replace("-", "_")


def load_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def synthesize_one(name: str, description: str, train: list[dict], feedback: list[dict] | None,
                   budget_s: float = 60) -> SynthesisResult:
    """Synthesize built-in transform `name` from its rows of `train` (and of `feedback`, unless None)."""
    examples = [r for r in train if r.get("transform") == name]
    extra = None if feedback is None else [r for r in feedback if r.get("transform") == name]
    return synthesize(examples, name, extra, budget_s=budget_s, title=TITLES.get(name), description=description)


def regenerate(data_dir: Path = DEFAULT_DATA, out_dir: Path = LIBRARY_DIR, names: list[str] | None = None,
               budget_s: float = 60, progress=None) -> dict:
    """Synthesize the built-in transforms (all, or `names`) into `out_dir`; returns the index written."""
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    specs = json.loads((data_dir / "transforms.json").read_text(encoding="utf-8"))
    train, test = load_jsonl(data_dir / "train.jsonl"), load_jsonl(data_dir / "test.jsonl")
    out_dir.mkdir(parents=True, exist_ok=True)
    index_path = out_dir / "index.json"
    old = {t["name"]: t for t in json.loads(index_path.read_text())["transforms"]} if index_path.is_file() else {}
    entries = []
    for spec in specs:
        name = spec["name"]
        if names and name not in names:
            if name in old:
                entries.append(old[name])
            continue
        result = synthesize_one(name, spec["description"], train, test, budget_s)
        target = out_dir / f"{module_name(name)}.py"
        if result.status in SHIPPED:
            target.write_text(result.module_source, encoding="utf-8")
        elif target.exists():
            target.unlink()
        passed = sum(r["ok"] for r in result.report)
        entries.append({"name": name, "module": module_name(name), "status": result.status, "rules": result.rules,
                        "passed": passed, "cases": len(result.report)})
        if progress:
            progress(name, result)
    index = {"command": "python scripts/regenerate_transforms.py", "examples": "train.jsonl",
             "feedback": "test.jsonl", "transforms": entries}
    index_path.write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    return index
