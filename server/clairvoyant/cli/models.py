"""``clairvoyant models``: list the shipped models and verify their checksums."""

from __future__ import annotations

import json

from ..runtime import ModelError, ModelRegistry, read_manifest, verify_files


def add_parser(subparsers) -> None:
    parser = subparsers.add_parser("models", help="list shipped models and verify their files")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--load", action="store_true", help="also load each model (session + warm-up)")
    parser.set_defaults(func=run)


def run(args) -> int:
    registry = ModelRegistry()
    report, failed = {}, False
    for name in registry.available():
        entry: dict = {"directory": str(registry.models_dir / name)}
        try:
            manifest = read_manifest(registry.models_dir / name)
            verify_files(manifest)
            entry.update(task=manifest.task, status="ok", metrics=manifest.raw.get("metrics", {}))
            if args.load:
                model = registry.get(name)
                entry["providers"] = model.session.get_providers()
        except ModelError as exc:
            entry.update(status="error", error=str(exc))
            failed = True
        report[name] = entry
    if args.json:
        from .doctor import report as sandbox_report

        print(json.dumps({"models_dir": str(registry.models_dir), "models": report, "sandbox": sandbox_report()},
                         indent=2))  # fmt: skip
    else:
        print(f"models in {registry.models_dir}:")
        for name, entry in report.items():
            print(f"  {name:20} {entry.get('task', '?'):14} {entry['status']}  {entry.get('error', '')}")
        if not report:
            print("  (none)")
    return 1 if failed else 0
