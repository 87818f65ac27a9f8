"""Source distributions from PyPI for training data (the LLVM corpus' C code, the exec data's mined functions).

The latest sdist is downloaded from PyPI's JSON API (`PYPI_JSON`; its sha256 checked, nothing in it run), or,
when that is unreachable, with `pip download --no-binary` from the configured index (which prepares the package's
metadata, so it runs its build backend). Unpacked next to nothing else, never committed.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tarfile
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

PYPI_JSON = "https://pypi.org/pypi/{name}/json"
MAX_SDIST_BYTES = 50 * 1024 * 1024


def fetch_sdist(name: str, dest: Path, timeout_s: float = 600) -> Path | None:
    """The unpacked source tree of `name`'s latest sdist under `dest` (kept from an earlier call), or None."""
    dest.mkdir(parents=True, exist_ok=True)
    existing = [p for p in dest.iterdir() if p.is_dir()]
    if existing:
        return existing[0]
    arc = _download_from_json_api(name, dest, timeout_s)
    if arc is None:
        arc = _download_with_pip(name, dest, timeout_s)
    if arc is None:
        return None
    try:
        if arc.name.endswith(".zip"):
            with zipfile.ZipFile(arc) as z:
                z.extractall(dest)
        else:
            with tarfile.open(arc) as t:
                t.extractall(dest, filter="data")
    except (tarfile.TarError, zipfile.BadZipFile, OSError) as e:
        print(f"  could not unpack {arc.name}: {e}", file=sys.stderr)
        return None
    finally:
        arc.unlink(missing_ok=True)
    dirs = [p for p in dest.iterdir() if p.is_dir()]
    return dirs[0] if dirs else None


def sdist_entry(release: dict) -> dict | None:
    """The sdist among a PyPI JSON answer's files of the latest release (None when it has none)."""
    return next((f for f in release.get("urls", []) if f.get("packagetype") == "sdist" and not f.get("yanked")), None)


def _download_from_json_api(name: str, dest: Path, timeout_s: float) -> Path | None:
    api = PYPI_JSON.format(name=name)
    try:
        with urllib.request.urlopen(api, timeout=min(timeout_s, 60)) as r:
            entry = sdist_entry(json.load(r))
        if entry is None:
            print(f"  {name} has no sdist on PyPI", file=sys.stderr)
            return None
        if entry.get("size", 0) > MAX_SDIST_BYTES:
            print(f"  {name}: sdist of {entry['size']} bytes is over the {MAX_SDIST_BYTES} limit", file=sys.stderr)
            return None
        with urllib.request.urlopen(urllib.parse.urljoin(api, entry["url"]), timeout=timeout_s) as r:  # may be relative
            data = r.read(MAX_SDIST_BYTES + 1)
        if len(data) > MAX_SDIST_BYTES:
            print(f"  {name}: sdist over the {MAX_SDIST_BYTES} byte limit", file=sys.stderr)
            return None
    except (urllib.error.URLError, OSError, ValueError, KeyError) as e:
        print(f"  PyPI JSON API failed for {name} ({e}); trying pip", file=sys.stderr)
        return None
    expected = entry.get("digests", {}).get("sha256")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        print(f"  {name}: sha256 mismatch, download dropped", file=sys.stderr)
        return None
    arc = dest / Path(entry["filename"]).name
    arc.write_bytes(data)
    return arc


def _download_with_pip(name: str, dest: Path, timeout_s: float) -> Path | None:
    try:
        r = subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", name, "--no-deps", "-q",
                            "-d", str(dest), name], capture_output=True, text=True, check=False, timeout=timeout_s)
    except subprocess.TimeoutExpired:
        print(f"  download timed out for {name}", file=sys.stderr)
        return None
    archives = [p for p in dest.iterdir() if p.is_file()]
    if r.returncode or not archives:
        print(f"  download failed for {name}: {r.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return archives[0]
