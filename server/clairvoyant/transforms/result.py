"""What synthesizing a transform gives (shared by the embedded synthesizer and the LLM generator)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SynthesisResult:
    name: str
    module_source: str
    report: list[dict]  # per example: {"id", "role", "expected_change", "changed", "ok", "error"}
    ok: bool  # every example and feedback case passes
    precise: bool  # no example or feedback case is changed wrongly
    seconds: float = 0.0
    iterations: int = 0
    rules: int = 0
    status: str = ""  # "ok" | "precise-only" | "failed"
    evidence: dict = field(default_factory=dict)  # variants run, near-miss negatives found, corpus matches
