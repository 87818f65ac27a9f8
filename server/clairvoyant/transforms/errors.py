"""The one exception type of the transforms engine."""


class TransformError(Exception):
    """Raised for malformed input, unknown transforms and edits that would not parse; the message is user-facing."""
