"""The LLVM engine's error base: every LLVM failure a user can meet is an `LlvmError` (a `ClairvoyantError`)."""

from clairvoyant.errors import ClairvoyantError


class LlvmError(ClairvoyantError):
    """LLVM is missing, or IR, a pipeline or the LLVM worker failed; the message is user-facing."""
