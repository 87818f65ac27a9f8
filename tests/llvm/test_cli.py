import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).parent / "data"
SERVER = Path(__file__).resolve().parents[2] / "server"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(SERVER) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "clairvoyant", *args], capture_output=True, text=True,
                          env=env, timeout=120, check=False)


def test_optimize_json_and_write(tmp_path):
    out = tmp_path / "out.ll"
    proc = run_cli("optimize", str(DATA / "interp.ll"), "--samples", "8", "--json", "--write", str(out))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    assert res["suggested_count"] <= res["oz_count"] < res["input_count"]
    assert 1 <= res["compilations"] <= 8
    from clairvoyant.llvm.counting import count_text
    assert count_text(out.read_text()) == res["suggested_count"]
    assert {f["name"] for f in res["functions"]} == {"run", "count_ops"}
    candidates = res["candidates"]
    assert len(candidates) == res["compilations"] and candidates[0] == {"pipeline": "default<Oz>", "source": "-Oz",
                                                                        "count": res["oz_count"]}
    assert {c["source"] for c in candidates[1:]} <= {"ranker", "sampler"}
    assert res["pipeline"] in {c["pipeline"] for c in candidates}


def test_optimize_reports_invalid_ir_with_line(tmp_path):
    bad = tmp_path / "bad.ll"
    bad.write_text("define i32 @f() {\n  ret void\n}\n")
    proc = run_cli("optimize", str(bad))
    assert proc.returncode == 1
    assert f"{bad}:2:" in proc.stderr


def test_bench_llvm_prints_the_contract_keys(tmp_path):
    (tmp_path / "a.ll").write_text((DATA / "strs.ll").read_text())
    proc = run_cli("bench", "llvm", "--dir", str(tmp_path), "--json", "--samples", "4", "--autotune-budget", "20")
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    for key in ("n", "gain_vs_oz_pct_mean", "gain_vs_oz_pct_median", "compilations_mean", "seconds_mean",
                "never_worse", "autotuner_gain_vs_oz_pct_mean"):
        assert key in res
    assert res["n"] == 1 and res["never_worse"] is True and res["autotuner_gain_vs_oz_pct_mean"] >= 0


def test_bench_llvm_baselines_at_equal_compilations_per_project(tmp_path):
    for name in ("alpha__interp", "alpha__sort", "beta__strs"):
        (tmp_path / f"{name}.ll").write_text((DATA / f"{name.split('__')[1]}.ll").read_text())
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({"ok": True, "oz_count": 140, "best_count": 129,
                                  "best_pipeline": "function(separate-const-offset-from-gep),default<Oz>"}) + "\n")
    proc = run_cli("bench", "llvm", "--dir", str(tmp_path), "--samples", "4", "--baselines",
                   "--autotune-budget", "15", "--labels", str(labels))
    assert proc.returncode == 0, proc.stderr
    res = json.loads(proc.stdout)
    methods = res["methods"]
    assert set(methods) == {"model@2", "model@4", "frequent@2", "frequent@4", "random@2", "random@4",
                            "autotuner@15"}
    assert all(m["never_worse"] for m in methods.values())
    assert methods["model@2"]["compilations_mean"] <= 2 and methods["random@4"]["compilations_mean"] == 4
    assert methods["frequent@2"]["beating_oz"] >= 1  # the one frequent list wins on interp
    assert set(res["per_project"]) == {"alpha", "beta"} and res["per_project"]["alpha"]["n"] == 2
    macro = (res["per_project"]["alpha"]["random@4"] + res["per_project"]["beta"]["random@4"]) / 2
    assert abs(methods["random@4"]["macro_gain_mean"] - macro) < 0.01
    assert res["count_prediction"]["n"] == 3 and res["count_prediction"]["mape_pct"] >= 0


def test_bench_llvm_baselines_need_labels(tmp_path):
    (tmp_path / "a.ll").write_text((DATA / "strs.ll").read_text())
    proc = run_cli("bench", "llvm", "--dir", str(tmp_path), "--baselines", "--labels", str(tmp_path / "none"))
    assert proc.returncode == 2 and "no labels" in proc.stderr
