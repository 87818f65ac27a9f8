"""Where Clairvoyant finds its shipped models and keeps its caches."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def models_dir() -> Path:
    """Directory holding the shipped models.

    Order: ``$CLAIRVOYANT_MODELS_DIR``; ``clairvoyant/_models`` inside an installed wheel; ``<repo>/models`` in a
    checkout (editable install).
    """
    env = os.environ.get("CLAIRVOYANT_MODELS_DIR")
    if env:
        return Path(env)
    bundled = PACKAGE_DIR / "_models"
    if bundled.is_dir():
        return bundled
    return PACKAGE_DIR.parent.parent / "models"


def cache_dir() -> Path:
    """A per-user cache directory (``$XDG_CACHE_HOME/clairvoyant``)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    path = Path(base) / "clairvoyant"
    path.mkdir(parents=True, exist_ok=True)
    return path


def shared_dir() -> Path:
    """The project's shared benchmark folder: ``$CLAIRVOYANT_SHARED_DIR``, else ``shared/`` beside the checkout."""
    env = os.environ.get("CLAIRVOYANT_SHARED_DIR")
    if env:
        return Path(env)
    beside = PACKAGE_DIR.parent.parent.parent / "shared"
    return beside if beside.is_dir() else Path("/work/shared")
