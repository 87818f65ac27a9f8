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
