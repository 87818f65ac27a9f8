"""Fit the exec-predictor's confidence calibration on held-out generated functions and store it in its manifest.

  python scripts/exec/calibrate.py --model-dir models/exec-predictor \\
      --data .work/exec-data/calib-idiom.jsonl --data .work/exec-data/calib-progen.jsonl \\
      --exclude .work/exec-data/mix3.jsonl --limit 3000 --write

The rows are generated functions with their real results (`make_data.py` output) that the model was not trained on
(`--exclude` drops functions present in training files). Each is predicted greedily as the hover does; a logistic
model maps (raw probability, prompt length, closed value) to "right" (`execution.calibration`). Never CruxEval:
it is what `clairvoyant bench exec` checks the calibration on.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))

import numpy as np

from clairvoyant.errors import CannotPredict
from clairvoyant.execution.calibration import expected_calibration_error, features, fit
from clairvoyant.execution.predictor import Predictor
from clairvoyant.execution.values import same_value
from clairvoyant.runtime import ModelRegistry


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model-dir", type=Path, required=True)
    ap.add_argument("--data", type=Path, action="append", required=True, help="held-out generated samples (JSONL)")
    ap.add_argument("--exclude", type=Path, action="append", default=[], help="training files whose functions to drop")
    ap.add_argument("--limit", type=int, default=3000, help="rows used (one call per function, shuffled)")
    ap.add_argument("--write", action="store_true", help="store the calibration in the model's manifest.json")
    args = ap.parse_args()
    excluded = {json.loads(line)["code"] for path in args.exclude for line in path.open()}
    rows, seen = [], set()
    for path in args.data:
        for line in path.open():
            row = json.loads(line)
            if row["code"] not in excluded and row["code"] not in seen:
                seen.add(row["code"])
                rows.append(row)
    random.Random(0).shuffle(rows)
    rows = rows[: args.limit]
    registry = ModelRegistry(str(args.model_dir.parent))
    predictor = Predictor(registry, args.model_dir.name, n_candidates=1)
    if predictor.calibration is not None:  # fit on raw probabilities
        predictor.model.manifest.raw.pop("calibration")
    xs, ys = [], []
    for row in rows:
        try:
            pred = predictor.predict(row["code"], row["call"])
        except CannotPredict:
            continue
        xs.append(features(pred.raw_confidence, pred.prompt_tokens, pred.truncated))
        ys.append(bool(pred.value) and same_value(pred.value, row["result"], evaluate=False))
    x, y = np.array(xs), np.array(ys, dtype=float)
    calibration = fit(x, y)
    raw = 1 / (1 + np.exp(-x[:, 0]))  # feature 0 is the logit of the raw probability
    fitted = 1 / (1 + np.exp(-np.clip(x @ np.array(calibration.weights), -30, 30)))
    report = {"n": len(y), "accuracy": round(float(y.mean()), 4),
              "ece_raw": round(expected_calibration_error(raw, y), 4),
              "ece_calibrated": round(expected_calibration_error(fitted, y), 4),
              "weights": [round(w, 4) for w in calibration.weights]}  # fmt: skip
    print(json.dumps(report))
    if args.write:
        manifest_path = args.model_dir / "manifest.json"
        manifest = json.loads(manifest_path.read_text())
        manifest["calibration"] = calibration.to_manifest(
            fitted_on=" + ".join(p.name for p in args.data), n=report["n"], accuracy=report["accuracy"],
            ece_on_fit_data=report["ece_calibrated"])  # fmt: skip
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        print(f"calibration written to {manifest_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
