"""Source distributions from PyPI for training data (the LLVM corpus' C code, the exec data's mined functions).

Downloaded with `pip download --no-binary` (the configured index), unpacked next to nothing else, never committed.
"""
from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path


def fetch_sdist(name: str, dest: Path, timeout_s: float = 600) -> Path | None:
    """The unpacked source tree of `name`'s latest sdist under `dest` (kept from an earlier call), or None."""
    dest.mkdir(parents=True, exist_ok=True)
    existing = [p for p in dest.iterdir() if p.is_dir()]
    if existing:
        return existing[0]
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
    arc = archives[0]
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
