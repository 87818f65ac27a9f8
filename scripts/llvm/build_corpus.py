#!/usr/bin/env python3
"""Build the LLVM-IR corpus (never committed): csmith programs + real-world C from PyPI sdists.

Every translation unit is compiled with `clang-19 -Oz -Xclang -disable-llvm-passes -emit-llvm -S`, i.e. IR
carrying the attributes (minsize/optsize) that `clang -Oz` would use, before any LLVM pass: the fair baseline
for "better than -Oz". Modules are split train/test by source project (csmith is train only).

  python scripts/llvm/build_corpus.py --out .work/llvm-corpus --csmith 150
Writes OUT/{train,test}/<project>__<name>.ll and OUT/manifest.jsonl.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

# C-heavy sdists (bundled C libraries or hand-written extensions). The test projects are never trained on.
TRAIN_PROJECTS = ["zstandard", "lz4", "brotli", "cffi", "psutil", "simplejson", "ujson", "pycryptodome", "bitarray", "crcmod", "xxhash", "mmh3", "multidict", "wrapt", "setproctitle", "pyrsistent", "ciso8601", "cmarkgfm", "regex", "cbor2", "immutables", "argon2-cffi-bindings", "lupa", "pyzstd", "inflate64", "pybcj", "pyahocorasick", "brotlicffi", "httptools", "websockets", "pymongo", "zope.interface", "BTrees", "persistent", "rjsmin", "rcssmin", "coverage", "yara-python", "pynacl", "scrypt", "pyminizip", "pybase64", "crc32c", "bsdiff4", "netifaces", "dulwich", "yappi", "pycares", "tornado",
                  # added in session 3 (issue 15): more C-heavy sdists, bundled C libraries included
                  "pyerfa", "zlib-ng", "deflate", "isal", "uvloop", "datrie", "llist", "lru-dict", "pysha3", "pyblake2",
                  "ed25519", "tgcrypto", "udatetime", "time-machine", "frozendict", "ExtensionClass", "Acquisition",
                  "AccessControl", "pyinstrument", "guppy3", "pyxattr", "pyscss", "html5-parser", "bitstruct",
                  "libscrc", "siphashc", "zfec", "pycosat", "pylzma", "cdifflib", "ijson", "tree-sitter", "yyjson",
                  "selectolax", "lazy-object-proxy", "ecos", "evdev", "pysendfile", "aiohttp"]
TEST_PROJECTS = ["hiredis", "ruamel.yaml.clib", "misaka", "pyppmd", "zopfli", "markupsafe"]

CLANG_FLAGS = ["-Oz", "-Xclang", "-disable-llvm-passes", "-emit-llvm", "-S", "-w", "-g0"]
MAX_LINES = 12000        # skip very large modules (autotuning cost grows with size)
MIN_INSTRUCTIONS = 20


def run(cmd, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, check=False, **kw)


def count_instructions(ll: Path) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "server"))
    from clairvoyant.llvm.counting import count_text
    return count_text(ll.read_text(errors="replace"))


def keep(ll: Path) -> bool:
    text = ll.read_text(errors="replace")
    return text.count("\n") <= MAX_LINES and count_instructions(ll) >= MIN_INSTRUCTIONS


def build_csmith(out: Path, n: int, clang: str, manifest: list) -> None:
    """csmith programs for seeds 1..n (seeds already tried are skipped, so a larger n adds programs)."""
    work = out / "src" / "csmith"
    work.mkdir(parents=True, exist_ok=True)
    small = ["--max-funcs", "4", "--max-block-depth", "3", "--max-expr-complexity", "6", "--no-volatiles", "--no-packed-struct"]
    for seed in range(1, n + 1):
        c = work / f"p{seed}.c"
        if c.exists():
            continue
        flags = small if seed % 3 else ["--max-funcs", "8"]
        if run(["csmith", "--seed", str(seed), *flags, "-o", str(c)], timeout=30).returncode:
            continue
        ll = out / "train" / f"csmith__p{seed}.ll"
        r = run([clang, *CLANG_FLAGS, "-I/usr/include/csmith", str(c), "-o", str(ll)], timeout=60)
        if r.returncode == 0 and keep(ll):
            manifest.append({"file": str(ll.relative_to(out)), "project": "csmith", "split": "train", "source": c.name})
        elif ll.exists():
            ll.unlink()


def fetch_sdist(name: str, dest: Path) -> Path | None:
    dest.mkdir(parents=True, exist_ok=True)
    existing = [p for p in dest.iterdir() if p.is_dir()]
    if existing:
        return existing[0]
    r = run([sys.executable, "-m", "pip", "download", "--no-binary", name, "--no-deps", "-q", "-d", str(dest), name],
            timeout=600)
    archives = [p for p in dest.iterdir() if p.is_file()]
    if r.returncode or not archives:
        print(f"  download failed for {name}: {r.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    arc = archives[0]
    if arc.name.endswith(".zip"):
        with zipfile.ZipFile(arc) as z:
            z.extractall(dest)
    else:
        with tarfile.open(arc) as t:
            t.extractall(dest, filter="data")
    arc.unlink()
    dirs = [p for p in dest.iterdir() if p.is_dir()]
    return dirs[0] if dirs else None


def build_project(name: str, split: str, out: Path, clang: str, manifest: list, max_files: int) -> None:
    src = fetch_sdist(name, out / "src" / name)
    if src is None:
        return
    c_files = sorted(p for p in src.rglob("*.c") if "test" not in p.as_posix().lower())
    header_dirs = {p.parent for p in src.rglob("*.h")}
    include_dirs = sorted({str(d) for h in header_dirs for d in (h, h.parent, h.parent.parent)
                           if d.is_relative_to(src)} | {str(src)})
    incs = [f"-I{d}" for d in include_dirs] + [f"-I{sysconfig.get_paths()['include']}"]
    made = 0
    safe = re.sub(r"[^\w.-]", "_", name)
    for c in c_files:
        if made >= max_files:
            break
        head = c.read_text(errors="replace")[:400]
        if "Generated by Cython" in head:
            continue
        rel = re.sub(r"[^\w.-]", "_", str(c.relative_to(src)))
        ll = out / split / f"{safe}__{rel[:-2]}.ll"
        r = run([clang, *CLANG_FLAGS, *incs, "-DNDEBUG", "-DHAVE_CONFIG_H=0", str(c), "-o", str(ll)], timeout=120)
        if r.returncode == 0 and keep(ll):
            manifest.append({"file": str(ll.relative_to(out)), "project": name, "split": split,
                             "source": str(c.relative_to(src))})
            made += 1
        elif ll.exists():
            ll.unlink()
    print(f"  {name}: {made} modules from {len(c_files)} C files", file=sys.stderr)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=".work/llvm-corpus")
    ap.add_argument("--csmith", type=int, default=150, help="number of csmith programs (train only)")
    ap.add_argument("--clang", default="clang-19")
    ap.add_argument("--projects", nargs="*", help="restrict to these PyPI projects")
    ap.add_argument("--max-files", type=int, default=100, help="modules per project at most")
    ap.add_argument("--rebuild", action="store_true", help="rebuild the --projects already built (sources kept)")
    args = ap.parse_args()
    out = Path(args.out)
    for split in ("train", "test"):
        (out / split).mkdir(parents=True, exist_ok=True)
    manifest_path = out / "manifest.jsonl"
    manifest: list[dict] = ([json.loads(line) for line in manifest_path.read_text().splitlines()]
                             if manifest_path.exists() else [])
    plan = [(p, "train") for p in TRAIN_PROJECTS] + [(p, "test") for p in TEST_PROJECTS]
    if args.projects:
        plan = [(p, s) for p, s in plan if p in args.projects]
        if args.rebuild:
            manifest = [r for r in manifest if r["project"] not in args.projects]
    built = {r["project"] for r in manifest}
    built |= {p.name for p in (out / "src").glob("*") if p.is_dir() and not args.rebuild}
    for name, split in plan:
        if name not in built:
            build_project(name, split, out, args.clang, manifest, args.max_files)
    if args.csmith:
        build_csmith(out, args.csmith, args.clang, manifest)
    with open(manifest_path, "w") as f:
        f.writelines(json.dumps(row) + "\n" for row in manifest)
    by_split = {s: sum(r["split"] == s for r in manifest) for s in ("train", "test")}
    print(json.dumps({"modules": len(manifest), **by_split}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
