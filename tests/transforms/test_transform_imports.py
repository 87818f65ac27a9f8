"""Import bookkeeping: names a rewrite left unused leave their `from m import` statement."""

from __future__ import annotations

import libcst as cst

from clairvoyant.transforms.imports import align_imports, remove_unused_imports


def test_unused_names_are_dropped_and_used_or_commented_ones_kept():
    original = cst.parse_module("from typing import Any, List, Optional\n\n\ndef f(x: List[int]) -> Optional[Any]:\n"
                                "    return x\n")
    updated = cst.parse_module("from typing import Any, List, Optional\n\n\ndef f(x: list[int]) -> Any | None:\n"
                               "    return x\n")
    assert remove_unused_imports(original, updated).code.startswith("from typing import Any\n")
    gone = cst.parse_module("from typing import List\n\nx: list[int] = []\n")
    assert remove_unused_imports(cst.parse_module("from typing import List\n\nx: List[int] = []\n"), gone).code \
        == "x: list[int] = []\n"
    commented = cst.parse_module("# keep me\nfrom typing import List\nx: list[int] = []\n")
    assert "# keep me" in remove_unused_imports(cst.parse_module("# keep me\nfrom typing import List\n"
                                                                 "x: List[int] = []\n"), commented).code
    in_string = cst.parse_module("from typing import List\nx: 'List[int]' = []\ny: list[int] = []\n")
    assert remove_unused_imports(cst.parse_module("from typing import List\nx: 'List[int]' = []\n"
                                                  "y: List[int] = []\n"), in_string) is in_string


def test_examples_are_aligned_on_their_imports():
    before = cst.parse_module("import os\nfrom typing import Dict, List\n\nx: List[int] = []\n")
    after = cst.parse_module("import os\nfrom typing import Dict\n\nx: list[int] = []\n")
    aligned, changed = align_imports(before, after)
    assert changed and aligned.code == "import os\nfrom typing import Dict\n\nx: List[int] = []\n"
    assert align_imports(after, after) == (after, False)
