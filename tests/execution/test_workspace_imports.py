"""Calls to functions imported from workspace modules can be predicted: their source is brought in, never run."""

from clairvoyant.execution.callsite import call_at, prompt_code
from clairvoyant.execution.imports import with_workspace_imports


def test_imported_function_source_is_appended(tmp_path):
    (tmp_path / "helpers.py").write_text("import os\nos.remove('never-run')\n\ndef tidy(s):\n    return s.strip().lower()\n")
    source = 'from helpers import tidy\n\nprint(tidy("  Hi "))\n'
    full = with_workspace_imports(source, tmp_path / "main.py", [tmp_path])
    assert full.startswith(source), "positions in the open file stay valid"
    site = call_at(full, 2, 8)
    assert site is not None and site.call == "tidy('  Hi ')"
    assert "return s.strip().lower()" in prompt_code(full, "tidy").code


def test_packages_roots_and_what_is_left_alone(tmp_path):
    pkg = tmp_path / "lib" / "text"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("def shout(s):\n    return s.upper()\n")
    (tmp_path / "broken.py").write_text("def f(:\n")
    source = "from lib.text import shout\nfrom broken import f\nfrom os.path import join\nfrom . import rel\n"
    full = with_workspace_imports(source, None, [tmp_path])
    assert "def shout(s)" in full
    assert "def f(:" not in full, "a module that does not parse is skipped"
    assert with_workspace_imports("def f(:\n", None, [tmp_path]) == "def f(:\n"
