"""Clairvoyant: a language server for Python and LLVM IR that shows what code will do before you run it."""

from .threadsafe_ast import install as _install_threadsafe_ast

_install_threadsafe_ast()

__version__ = "0.1.0"
