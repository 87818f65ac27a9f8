"""The libLLVM worker process: `python -m clairvoyant.llvm.worker LIBPATH`, JSON lines on stdin/stdout.

Requests (one JSON object per line) and replies:
  {"op": "load", "key": K, "ir": TEXT}                       -> {"ok": true, "functions": [[name, n], ...]}
  {"op": "run", "key": K, "pipeline": P, "verify": bool, "ir": bool, "text_size": bool}
                                                             -> {"ok": true, "functions": [...], "ir"?: ..., "text_size"?: n}
  {"op": "check", "ir": TEXT}                                -> {"ok": true} or {"ok": false, "error": msg}
  {"op": "drop", "key": K}                                   -> {"ok": true}
Recoverable errors reply {"ok": false, "error": message}; LLVM fatal errors end the process (the client restarts it).
"""
from __future__ import annotations

import json
import sys

from clairvoyant.llvm.capi import LLVM, LLVMError


class WorkerState:
    """Parsed modules kept by key so that each evaluation only clones."""

    def __init__(self, lib_path: str):
        self.llvm = LLVM(lib_path)
        self.modules: dict[str, int] = {}

    def _functions(self, module) -> list[list]:
        return [[f.name, f.instructions] for f in self.llvm.functions(module)]

    def handle(self, req: dict) -> dict:
        op = req["op"]
        if op == "load":
            old = self.modules.pop(req["key"], None)
            if old:
                self.llvm.dispose(old)
            module = self.llvm.parse(req["ir"])
            self.modules[req["key"]] = module
            return {"ok": True, "functions": self._functions(module)}
        if op == "drop":
            module = self.modules.pop(req["key"], None)
            if module:
                self.llvm.dispose(module)
            return {"ok": True}
        if op == "check":
            module = self.llvm.parse(req["ir"])
            try:
                problem = self.llvm.verify(module)
            finally:
                self.llvm.dispose(module)
            return {"ok": problem is None, "error": problem, "stage": "verify"}
        if op == "run":
            base = self.modules.get(req["key"])
            if base is None:
                return {"ok": False, "error": "unknown module key", "missing": True}
            module = self.llvm.clone(base)
            try:
                if req["pipeline"]:
                    self.llvm.run_passes(module, req["pipeline"])
                if req.get("verify"):
                    problem = self.llvm.verify(module)
                    if problem:
                        return {"ok": False, "error": "result does not verify: " + problem}
                reply = {"ok": True, "functions": self._functions(module)}
                if req.get("ir"):
                    reply["ir"] = self.llvm.print_module(module)
                if req.get("text_size"):
                    reply["text_size"] = self.llvm.text_size(module)
                return reply
            finally:
                self.llvm.dispose(module)
        return {"ok": False, "error": f"unknown op {op!r}"}


def main() -> None:
    state = WorkerState(sys.argv[1])
    out = sys.stdout
    out.write(json.dumps({"ok": True, "ready": True}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = state.handle(json.loads(line))
        except LLVMError as e:
            reply = {"ok": False, "error": str(e)}
        out.write(json.dumps(reply) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
