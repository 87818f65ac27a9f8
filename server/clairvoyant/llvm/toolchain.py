"""Locating the pinned LLVM 19 toolchain (libLLVM, opt, clang, llc)."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clairvoyant.llvm.errors import LlvmError

LLVM_MAJOR = 19
APT_PACKAGES = ("llvm-19", "clang-19")


class LLVMNotFound(LlvmError, RuntimeError):
    """LLVM 19 is not installed or not where the configuration says."""


@dataclass(frozen=True)
class Toolchain:
    """Paths of the LLVM 19 pieces we use; any tool may be None except the library or opt."""

    libllvm: Path | None
    opt: Path | None
    clang: Path | None
    llc: Path | None

    def require_opt(self) -> Path:
        if self.opt is None:
            raise LLVMNotFound(_missing_message("opt-19"))
        return self.opt

    def require_clang(self) -> Path:
        if self.clang is None:
            raise LLVMNotFound(_missing_message("clang-19"))
        return self.clang


def _missing_message(what: str) -> str:
    return (f"{what} (LLVM {LLVM_MAJOR}) not found. Install it with "
            f"`apt-get install {' '.join(APT_PACKAGES)}` or set CLAIRVOYANT_LLVM_DIR to an LLVM {LLVM_MAJOR} "
            "prefix (containing bin/ and lib/).")


def _candidate_prefixes(llvm_dir: str | None) -> list[Path]:
    out = []
    for d in (llvm_dir, os.environ.get("CLAIRVOYANT_LLVM_DIR")):
        if d:
            out.append(Path(d))
    out.append(Path(f"/usr/lib/llvm-{LLVM_MAJOR}"))
    return out


def _find_tool(name: str, prefixes: list[Path]) -> Path | None:
    for p in prefixes:
        for cand in (p / "bin" / name, p / "bin" / f"{name}-{LLVM_MAJOR}"):
            if cand.is_file() and os.access(cand, os.X_OK):
                return cand
    found = shutil.which(f"{name}-{LLVM_MAJOR}")
    return Path(found) if found else None


def _find_lib(prefixes: list[Path]) -> Path | None:
    names = (f"libLLVM.so.{LLVM_MAJOR}.1", f"libLLVM-{LLVM_MAJOR}.so", "libLLVM.so")
    for p in prefixes:
        for n in names:
            cand = p / "lib" / n
            if cand.is_file():
                return cand
    return None


@lru_cache(maxsize=8)
def find_toolchain(llvm_dir: str | None = None) -> Toolchain:
    """Find LLVM 19: explicit dir, then $CLAIRVOYANT_LLVM_DIR, /usr/lib/llvm-19, then `*-19` on PATH."""
    prefixes = _candidate_prefixes(llvm_dir)
    tc = Toolchain(libllvm=_find_lib(prefixes), opt=_find_tool("opt", prefixes),
                   clang=_find_tool("clang", prefixes), llc=_find_tool("llc", prefixes))
    if tc.libllvm is None and tc.opt is None:
        raise LLVMNotFound(_missing_message("libLLVM / opt-19"))
    return tc


def llvm_available(llvm_dir: str | None = None) -> bool:
    """True when libLLVM 19 or opt-19 can be found."""
    try:
        find_toolchain(llvm_dir)
        return True
    except LLVMNotFound:
        return False
