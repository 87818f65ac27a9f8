"""The shipped library is exactly the synthesizer's output (regenerated here and compared byte-for-byte)."""

from __future__ import annotations

import filecmp
import shutil

from clairvoyant.transforms.builtin import module_name, regenerate
from clairvoyant.transforms.catalog import LIBRARY_DIR, read_index


def test_regenerating_the_library_reproduces_the_shipped_files(data, tmp_path):
    shutil.copy(LIBRARY_DIR / "index.json", tmp_path / "index.json")
    index = regenerate(data.dir, tmp_path)
    assert index == read_index()
    for entry in index["transforms"]:
        shipped, fresh = LIBRARY_DIR / f"{entry['module']}.py", tmp_path / f"{entry['module']}.py"
        assert shipped.exists() == fresh.exists(), entry["name"]
        if fresh.exists():
            assert filecmp.cmp(shipped, fresh, shallow=False), f"{shipped.name} differs: run scripts/regenerate_transforms.py"


def test_index_targets_and_flags():
    index = read_index()
    assert index["command"] == "python scripts/regenerate_transforms.py"
    shipped = [t for t in index["transforms"] if t["status"] in ("ok", "precise-only")]
    assert len([t for t in index["transforms"] if t["status"] == "ok"]) >= 8
    for t in index["transforms"]:
        path = LIBRARY_DIR / f"{module_name(t['name'])}.py"
        assert path.exists() == (t in shipped)
        if path.exists():
            assert f"PRECISE_ONLY = {t['status'] == 'precise-only'}" in path.read_text()
