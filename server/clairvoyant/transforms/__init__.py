"""Quick fixes from transforms synthesized from examples ("don't transform the code, code the transforms").

Public surface:

* `TransformLibrary` — load the shipped transforms (`builtin()`), add workspace ones (`with_directory`), list them
  (`infos()`), find where they apply (`find_applications`) and apply one (`apply`).
* `synthesize(examples, name, feedback=None, budget_s=60, generator="embedded")` — learn a transform module from
  before/after examples (see `synthesis.py` for the loop) and return a `SynthesisResult`.
* `TransformError` — every user-facing failure (unparsable input, unknown transform, an edit that would not parse).
"""

from clairvoyant.transforms.catalog import Application, TransformInfo, TransformLibrary
from clairvoyant.transforms.errors import TransformError
from clairvoyant.transforms.synthesis import SynthesisResult, synthesize

__all__ = ["Application", "SynthesisResult", "TransformError", "TransformInfo", "TransformLibrary", "synthesize"]
