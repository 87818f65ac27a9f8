"""Shared pytest setup: makes tests/ importable for helpers such as toy_model."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
