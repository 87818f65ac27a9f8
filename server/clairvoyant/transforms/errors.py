"""The one exception type of the transforms engine."""

from ..errors import ClairvoyantError


class TransformError(ClairvoyantError):
    """Raised for malformed input, unknown transforms and edits that would not parse; the message is user-facing."""
