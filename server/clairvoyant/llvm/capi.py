"""ctypes binding to libLLVM 19's C API: parse, clone, run pass pipelines, verify, count, print.

Only ever used inside the worker subprocess (`worker.py`): LLVM fatal errors terminate the process.
"""
from __future__ import annotations

import ctypes as C
import struct
from dataclasses import dataclass

from clairvoyant.llvm.errors import LlvmError

_vp = C.c_void_p
_LLVMReturnStatusAction = 2
_LLVMObjectFile = 1


def _sig(lib, name, res, *args):
    fn = getattr(lib, name)
    fn.restype = res
    fn.argtypes = list(args)
    return fn


class LLVMError(LlvmError):
    """A recoverable LLVM error (parse, verify, unknown pass, ...) with LLVM's message."""


@dataclass
class FunctionInfo:
    name: str
    instructions: int


class LLVM:
    """Thin object-oriented wrapper over the C functions we need."""

    def __init__(self, lib_path: str):
        lib = C.CDLL(lib_path)
        self.lib = lib
        s = lambda *a: _sig(lib, *a)
        self.ContextCreate = s("LLVMContextCreate", _vp)
        self.CreateMemBuf = s("LLVMCreateMemoryBufferWithMemoryRangeCopy", _vp, C.c_char_p, C.c_size_t, C.c_char_p)
        self.ParseIR = s("LLVMParseIRInContext", C.c_int, _vp, _vp, C.POINTER(_vp), C.POINTER(C.c_char_p))
        self.CloneModule = s("LLVMCloneModule", _vp, _vp)
        self.DisposeModule = s("LLVMDisposeModule", None, _vp)
        self.DisposeMessage = s("LLVMDisposeMessage", None, _vp)
        self.PrintModule = s("LLVMPrintModuleToString", _vp, _vp)
        self.Verify = s("LLVMVerifyModule", C.c_int, _vp, C.c_int, C.POINTER(_vp))
        self.CreatePBO = s("LLVMCreatePassBuilderOptions", _vp)
        self.DisposePBO = s("LLVMDisposePassBuilderOptions", None, _vp)
        self.RunPasses = s("LLVMRunPasses", _vp, _vp, C.c_char_p, _vp, _vp)
        self.GetErrorMessage = s("LLVMGetErrorMessage", _vp, _vp)
        self.DisposeErrorMessage = s("LLVMDisposeErrorMessage", None, _vp)
        self.FirstFunction = s("LLVMGetFirstFunction", _vp, _vp)
        self.NextFunction = s("LLVMGetNextFunction", _vp, _vp)
        self.IsDeclaration = s("LLVMIsDeclaration", C.c_int, _vp)
        self.GetValueName2 = s("LLVMGetValueName2", C.c_char_p, _vp, C.POINTER(C.c_size_t))
        self.FirstBlock = s("LLVMGetFirstBasicBlock", _vp, _vp)
        self.NextBlock = s("LLVMGetNextBasicBlock", _vp, _vp)
        self.FirstInstruction = s("LLVMGetFirstInstruction", _vp, _vp)
        self.NextInstruction = s("LLVMGetNextInstruction", _vp, _vp)
        self.GetTarget = s("LLVMGetTarget", C.c_char_p, _vp)
        self.DefaultTriple = s("LLVMGetDefaultTargetTriple", _vp)
        self.TargetFromTriple = s("LLVMGetTargetFromTriple", C.c_int, C.c_char_p, C.POINTER(_vp), C.POINTER(_vp))
        self.CreateTM = s("LLVMCreateTargetMachine", _vp, _vp, C.c_char_p, C.c_char_p, C.c_char_p,
                          C.c_int, C.c_int, C.c_int)
        self.EmitToMemBuf = s("LLVMTargetMachineEmitToMemoryBuffer", C.c_int, _vp, _vp, C.c_int,
                              C.POINTER(_vp), C.POINTER(_vp))
        self.BufStart = s("LLVMGetBufferStart", _vp, _vp)
        self.BufSize = s("LLVMGetBufferSize", C.c_size_t, _vp)
        self.DisposeBuf = s("LLVMDisposeMemoryBuffer", None, _vp)
        for target in ("X86", "AArch64"):
            for part in ("TargetInfo", "Target", "TargetMC", "AsmPrinter", "AsmParser"):  # AsmParser: inline asm
                fn = getattr(lib, f"LLVMInitialize{target}{part}", None)
                if fn is not None:
                    fn.restype = None
                    fn()
        self.ctx = self.ContextCreate()
        self._tms: dict[bytes, int] = {}

    # -- helpers ------------------------------------------------------------------------------------------
    def _take_string(self, ptr) -> str:
        if not ptr:
            return ""
        text = C.string_at(ptr).decode("utf-8", "replace")
        self.DisposeMessage(ptr)
        return text

    def target_machine(self, module) -> int:
        """A (cached) TargetMachine for the module's triple (default triple when it has none)."""
        triple = self.GetTarget(module) or b""
        if not triple:
            triple = C.string_at(self.DefaultTriple())
        if triple not in self._tms:
            target, err = _vp(), _vp()
            if self.TargetFromTriple(triple, C.byref(target), C.byref(err)):
                raise LLVMError(f"unsupported target triple {triple.decode()}: {self._take_string(err.value)}")
            # opt level 2 (default), reloc 0 (default), code model 0 (default): what opt-19 uses.
            self._tms[triple] = self.CreateTM(target, triple, b"", b"", 2, 0, 0)
        return self._tms[triple]

    # -- API ----------------------------------------------------------------------------------------------
    def parse(self, text: str, name: str = "input.ll") -> int:
        data = text.encode()
        buf = self.CreateMemBuf(data, len(data), name.encode())
        mod, msg = _vp(), C.c_char_p()
        if self.ParseIR(self.ctx, buf, C.byref(mod), C.byref(msg)):
            message = msg.value.decode("utf-8", "replace") if msg.value else "parse error"
            raise LLVMError(message)
        return mod.value

    def clone(self, module) -> int:
        return self.CloneModule(module)

    def dispose(self, module) -> None:
        self.DisposeModule(module)

    def verify(self, module) -> str | None:
        """None when the module is valid, else the verifier's message."""
        msg = _vp()
        broken = self.Verify(module, _LLVMReturnStatusAction, C.byref(msg))
        text = self._take_string(msg.value)
        return (text or "module does not verify") if broken else None

    def run_passes(self, module, pipeline: str) -> None:
        opts = self.CreatePBO()
        try:
            err = self.RunPasses(module, pipeline.encode(), self.target_machine(module), opts)
        finally:
            self.DisposePBO(opts)
        if err:
            ptr = self.GetErrorMessage(err)
            message = C.string_at(ptr).decode("utf-8", "replace")
            self.DisposeErrorMessage(ptr)
            raise LLVMError(message)

    def print_module(self, module) -> str:
        return self._take_string(self.PrintModule(module))

    def functions(self, module) -> list[FunctionInfo]:
        """Defined functions with their instruction counts, in module order."""
        out = []
        fn = self.FirstFunction(module)
        size = C.c_size_t()
        while fn:
            if not self.IsDeclaration(fn):
                name = self.GetValueName2(fn, C.byref(size))
                n = 0
                bb = self.FirstBlock(fn)
                while bb:
                    inst = self.FirstInstruction(bb)
                    while inst:
                        n += 1
                        inst = self.NextInstruction(inst)
                    bb = self.NextBlock(bb)
                out.append(FunctionInfo(name.decode("utf-8", "replace") if name else "", n))
            fn = self.NextFunction(fn)
        return out

    def text_size(self, module) -> int | None:
        """Bytes of executable sections in the object file the module compiles to (ELF only), else None."""
        buf, err = _vp(), _vp()
        if self.EmitToMemBuf(self.target_machine(module), module, _LLVMObjectFile, C.byref(err), C.byref(buf)):
            raise LLVMError(self._take_string(err.value))
        try:
            data = C.string_at(self.BufStart(buf), self.BufSize(buf))
        finally:
            self.DisposeBuf(buf)
        return elf_text_size(data)


def elf_text_size(data: bytes) -> int | None:
    """Sum of the sizes of SHF_EXECINSTR sections of a little-endian ELF64 object."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    total = 0
    for i in range(shnum):
        off = shoff + i * shentsize
        flags, = struct.unpack_from("<Q", data, off + 8)
        size, = struct.unpack_from("<Q", data, off + 32)
        if flags & 0x4:
            total += size
    return total
