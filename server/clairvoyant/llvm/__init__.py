"""LLVM-IR size optimisation: libLLVM 19 backend, pass vocabulary, autotuner, learned pipelines + compiler feedback.

Public surface (what the CLI and the LSP layer call):
`check_ir`, `count_instructions`, `optimize`, `OptimizationResult`, `FunctionCounts`, `IRError`, `LLVMNotFound`,
`llvm_available`.
"""
from clairvoyant.llvm.optimizer import (
                                        FunctionCounts,
                                        IRError,
                                        OptimizationResult,
                                        check_ir,
                                        count_instructions,
                                        optimize,
)
from clairvoyant.llvm.toolchain import LLVMNotFound, llvm_available

__all__ = ["FunctionCounts", "IRError", "LLVMNotFound", "OptimizationResult", "check_ir", "count_instructions",
           "llvm_available", "optimize"]
