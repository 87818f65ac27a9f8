"""The engines' errors: one small hierarchy whose messages are written for the user.

Front ends (CLI, language server) catch `ClairvoyantError` and show its message: a hover that explains, a
diagnostic, a window message. Anything else escaping an engine is a bug.
"""

from __future__ import annotations


class ClairvoyantError(Exception):
    """Base of every engine error; ``str(error)`` is a complete, user-facing sentence."""


class CannotPredict(ClairvoyantError, ValueError):
    """This call cannot be predicted (callee not found, code too long for the model's context, …); says why."""


class EndpointError(ClairvoyantError):
    """An external OpenAI-compatible endpoint is unreachable, timed out or answered something unusable."""
