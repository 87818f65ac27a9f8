"""Clairvoyant: a language server for Python and LLVM IR that shows what code will do before you run it."""

__version__ = "0.1.0"
