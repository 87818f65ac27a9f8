"""Runs escape snippets through `clairvoyant.sandbox.run_python` for another identity (started as that user).

Reads a JSON list of sources on stdin; prints a JSON list of {ok, stdout, stderr, error}. Standard library only, so
that a system interpreter can run it with PYTHONPATH pointing at the server package.
"""

import json
import sys

from clairvoyant.sandbox import run_python
from clairvoyant.sandbox_isolation import isolation

if __name__ == "__main__":
    if not isolation().available:
        sys.exit(f"no isolation for this user: {isolation().detail}")
    results = [run_python(source) for source in json.load(sys.stdin)]
    print(json.dumps([{"ok": r.ok, "stdout": r.stdout, "stderr": r.stderr, "error": r.error} for r in results]))
