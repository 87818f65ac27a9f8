"""Shared fixtures for the LLVM tests; everything here needs LLVM 19 (apt: llvm-19 clang-19)."""
from pathlib import Path

import pytest

from clairvoyant.llvm.toolchain import find_toolchain, llvm_available

DATA = Path(__file__).parent / "data"

if not llvm_available():
    pytest.skip("LLVM 19 is not installed (apt-get install llvm-19 clang-19)", allow_module_level=True)


@pytest.fixture(scope="session")
def modules() -> dict[str, str]:
    """Our own small modules, compiled with clang-19 -Oz -Xclang -disable-llvm-passes from tests/llvm/data/*.c."""
    return {p.stem: p.read_text() for p in sorted(DATA.glob("*.ll"))}


@pytest.fixture(scope="session")
def lib_backend():
    from clairvoyant.llvm.backend import make_backend
    if find_toolchain().libllvm is None:
        pytest.skip("libLLVM 19 not found")
    b = make_backend("lib", workers=2)
    yield b
    b.close()


@pytest.fixture(scope="session")
def opt_backend():
    from clairvoyant.llvm.backend import make_backend
    if find_toolchain().opt is None:
        pytest.skip("opt-19 not found")
    return make_backend("opt")
