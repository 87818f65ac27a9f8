"""Merge `clairvoyant bench exec --json` results into a model's manifest.json `metrics` (checksums untouched).

  python scripts/exec/record_metrics.py models/exec-predictor cruxeval_direct=.work/int8-crux.json ...
Each KEY=FILE adds metrics[KEY] = {accuracy, n, latency_ms, strategy, candidates, with_trace} from FILE.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEEP = ("accuracy", "n", "correct", "latency_ms", "strategy", "candidates", "with_trace", "data")


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0]) / "manifest.json"
    manifest = json.loads(path.read_text())
    for item in argv[1:]:
        key, _, file = item.partition("=")
        result = json.loads(Path(file).read_text())
        manifest.setdefault("metrics", {})[key] = {k: result[k] for k in KEEP if k in result}
    path.write_text(json.dumps(manifest, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
