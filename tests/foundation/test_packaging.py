"""`pip install .` yields a working `clairvoyant` with the shipped models inside the wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)], check=True,
                   capture_output=True)
    return next(out.glob("clairvoyant-*.whl"))


def test_wheel_contains_the_models_and_their_manifests(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.parent.name for p in (ROOT / "models").glob("*/manifest.json"))
    assert shipped, "models/ ships at least one model"
    for model in shipped:
        manifest = json.loads((ROOT / "models" / model / "manifest.json").read_text())
        for file in manifest["files"]:
            assert f"clairvoyant/_models/{model}/{file}" in names
        assert f"clairvoyant/_models/{model}/manifest.json" in names
    assert "clairvoyant/lsp/server.py" in names


@pytest.mark.slow
def test_fresh_venv_install_serves_from_bundled_models(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)], check=True,
                   capture_output=True)
    result = subprocess.run([str(env_dir / "bin" / "clairvoyant"), "models", "--json", "--load"], cwd=tmp_path, check=False,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert "_models" in report["models_dir"]
    assert report["models"] and all(m["status"] == "ok" for m in report["models"].values())
