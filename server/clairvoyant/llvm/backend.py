"""Compiler backends: run a pass pipeline on IR text, verify, count.

`LibBackend` drives libLLVM 19 in a restartable worker subprocess (~ms per evaluation; a fatal LLVM error kills
only the worker). `OptBackend` runs `opt-19` per evaluation (slower, no worker). Both return `EvalResult`s and
count instructions per function; `make_backend()` picks the library when it is present.
"""
from __future__ import annotations

import hashlib
import json
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from clairvoyant.llvm.counting import parse_functions
from clairvoyant.llvm.errors import LlvmError
from clairvoyant.llvm.toolchain import LLVMNotFound, find_toolchain


@dataclass
class EvalResult:
    """Outcome of running one pipeline on one module."""

    pipeline: str
    ok: bool
    count: int | None = None
    functions: list[tuple[str, int]] = field(default_factory=list)
    error: str | None = None
    ir: str | None = None
    text_size: int | None = None
    seconds: float = 0.0


class WorkerCrashed(LlvmError, RuntimeError):
    """The worker process died (LLVM fatal error) or timed out; it is restarted on the next request."""


def ir_key(ir: str) -> str:
    return hashlib.sha1(ir.encode()).hexdigest()


class LibWorker:
    """One libLLVM worker subprocess with parsed-module caching, timeouts and automatic restart."""

    def __init__(self, lib_path: str, max_modules: int = 16):
        self.lib_path = lib_path
        self.max_modules = max_modules
        self.proc: subprocess.Popen | None = None
        self.loaded: OrderedDict[str, str] = OrderedDict()  # key -> IR text, for reloads after a restart
        self._stderr = None
        self.lock = threading.Lock()
        self.restarts = 0

    def _start(self) -> None:
        env = dict(os.environ)
        server_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = server_root + os.pathsep + env.get("PYTHONPATH", "")
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the worker
        self.proc = subprocess.Popen([sys.executable, "-m", "clairvoyant.llvm.worker", self.lib_path],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     env=env, text=True, bufsize=1)
        self.loaded.clear()
        self._read(timeout=30.0)

    def close(self) -> None:
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace").strip()[-2000:]

    def _read(self, timeout: float) -> dict:
        sel = selectors.DefaultSelector()
        sel.register(self.proc.stdout, selectors.EVENT_READ)
        ready = sel.select(timeout)
        sel.close()
        line = self.proc.stdout.readline() if ready else None
        if not line:
            reason = "timed out" if not ready else "crashed"
            if not ready:
                self.proc.kill()
            self.proc.wait()
            message = self._stderr_tail() or f"LLVM worker {reason}"
            self.proc = None
            self.loaded.clear()
            self.restarts += 1
            raise WorkerCrashed(message if ready else f"timed out after {timeout:.1f}s")
        return json.loads(line)

    def request(self, req: dict, timeout: float) -> dict:
        if self.proc is None:
            self._start()
        try:
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
        except BrokenPipeError:
            self.proc = None
            self.loaded.clear()
            raise WorkerCrashed(self._stderr_tail() or "LLVM worker died")
        return self._read(timeout)

    def ensure_loaded(self, ir: str, timeout: float) -> tuple[str, dict | None]:
        key = ir_key(ir)
        if key in self.loaded:
            self.loaded.move_to_end(key)
            return key, None
        reply = self.request({"op": "load", "key": key, "ir": ir}, timeout)
        if reply["ok"]:
            self.loaded[key] = ir
            while len(self.loaded) > self.max_modules:
                old, _ = self.loaded.popitem(last=False)
                self.request({"op": "drop", "key": old}, timeout)
        return key, reply


class LibBackend:
    """libLLVM-in-a-worker backend; thread-safe (one worker per concurrent caller, up to `workers`)."""

    name = "libLLVM"

    def __init__(self, lib_path: str, workers: int = 1, timeout_s: float = 20.0):
        self.timeout_s = timeout_s
        self._idle = [LibWorker(lib_path) for _ in range(max(1, workers))]
        self._cv = threading.Condition()
        self.workers = len(self._idle)

    def _acquire(self) -> LibWorker:
        with self._cv:
            while not self._idle:
                self._cv.wait()
            return self._idle.pop()

    def _release(self, w: LibWorker) -> None:
        with self._cv:
            self._idle.append(w)
            self._cv.notify()

    def evaluate(self, ir: str, pipeline: str, *, verify: bool = False, want_ir: bool = False,
                 text_size: bool = False, timeout_s: float | None = None) -> EvalResult:
        """Run `pipeline` ("" = none) on `ir`; never raises for LLVM problems (ok=False, error=...)."""
        timeout = timeout_s or self.timeout_s
        t0 = time.perf_counter()
        w = self._acquire()
        try:
            key, load_reply = w.ensure_loaded(ir, timeout)
            if load_reply is not None and not load_reply["ok"]:
                return EvalResult(pipeline, False, error="parse error: " + load_reply["error"],
                                  seconds=time.perf_counter() - t0)
            reply = w.request({"op": "run", "key": key, "pipeline": pipeline, "verify": verify,
                               "ir": want_ir, "text_size": text_size}, timeout)
        except WorkerCrashed as e:
            return EvalResult(pipeline, False, error=f"LLVM crashed: {e}", seconds=time.perf_counter() - t0)
        finally:
            self._release(w)
        dt = time.perf_counter() - t0
        if not reply["ok"]:
            return EvalResult(pipeline, False, error=reply["error"], seconds=dt)
        funcs = [(n, c) for n, c in reply["functions"]]
        return EvalResult(pipeline, True, sum(c for _, c in funcs), funcs, ir=reply.get("ir"),
                          text_size=reply.get("text_size"), seconds=dt)

    def check(self, ir: str) -> str | None:
        """None when `ir` parses and verifies, else LLVM's message (parse messages carry `name:LINE:COL:`)."""
        w = self._acquire()
        try:
            reply = w.request({"op": "check", "ir": ir}, self.timeout_s)
        except WorkerCrashed as e:
            return f"LLVM crashed: {e}"
        finally:
            self._release(w)
        return None if reply["ok"] else reply["error"]

    def close(self) -> None:
        for w in self._idle:
            w.close()


class OptBackend:
    """`opt-19` subprocess backend (fallback when libLLVM is unavailable); counts with our text counter."""

    name = "opt"

    def __init__(self, opt_path: str, workers: int = 1, timeout_s: float = 20.0, llc_path: str | None = None):
        self.opt = opt_path
        self.llc = llc_path
        self.workers = workers
        self.timeout_s = timeout_s

    def _opt(self, ir: str, args: list[str], timeout: float) -> subprocess.CompletedProcess:
        """Run opt; a missing or unrunnable binary comes back as a failed process with the reason."""
        try:
            proc = subprocess.run([self.opt, *args, "-", "-S", "-o", "-"], input=ir, capture_output=True,
                                  text=True, timeout=timeout, check=False)
        except OSError as exc:
            return subprocess.CompletedProcess([self.opt], 127, "", f"cannot run {self.opt}: {exc}")
        if proc.returncode < 0:
            proc.stderr = (proc.stderr or "") + f"\n{self.opt} crashed (signal {-proc.returncode})"
        return proc

    def evaluate(self, ir: str, pipeline: str, *, verify: bool = False, want_ir: bool = False,
                 text_size: bool = False, timeout_s: float | None = None) -> EvalResult:
        t0 = time.perf_counter()
        args = [f"-passes={pipeline}"] if pipeline else ["-passes=verify"]
        try:
            proc = self._opt(ir, args, timeout_s or self.timeout_s)
        except subprocess.TimeoutExpired:
            return EvalResult(pipeline, False, error="opt timed out", seconds=time.perf_counter() - t0)
        if proc.returncode != 0:
            return EvalResult(pipeline, False, error=proc.stderr.strip()[-2000:] or "opt failed",
                              seconds=time.perf_counter() - t0)
        funcs = [(f.name, f.instructions) for f in parse_functions(proc.stdout)]
        size = self._text_size(proc.stdout) if text_size else None
        return EvalResult(pipeline, True, sum(c for _, c in funcs), funcs, ir=proc.stdout if want_ir else None,
                          text_size=size, seconds=time.perf_counter() - t0)

    def _text_size(self, ir: str) -> int | None:
        if not self.llc:
            return None
        from clairvoyant.llvm.capi import elf_text_size
        with tempfile.TemporaryDirectory() as d:
            out = Path(d) / "o.o"
            proc = subprocess.run([self.llc, "-filetype=obj", "-o", str(out), "-"], input=ir, text=True,
                                  capture_output=True, timeout=self.timeout_s, check=False)
            return elf_text_size(out.read_bytes()) if proc.returncode == 0 else None

    def check(self, ir: str) -> str | None:
        try:
            proc = self._opt(ir, ["-passes=verify"], self.timeout_s)
        except subprocess.TimeoutExpired:
            return "opt timed out"
        return None if proc.returncode == 0 else proc.stderr.strip()

    def close(self) -> None:
        pass


def make_backend(prefer: str = "auto", workers: int = 1, llvm_dir: str | None = None,
                 timeout_s: float = 20.0) -> LibBackend | OptBackend:
    """The best available backend: libLLVM worker ("lib"), opt-19 ("opt") or whichever exists ("auto")."""
    tc = find_toolchain(llvm_dir)
    if prefer in ("auto", "lib") and tc.libllvm is not None:
        return LibBackend(str(tc.libllvm), workers=workers, timeout_s=timeout_s)
    if prefer in ("auto", "opt") and tc.opt is not None:
        return OptBackend(str(tc.opt), workers=workers, timeout_s=timeout_s,
                          llc_path=str(tc.llc) if tc.llc else None)
    raise LLVMNotFound(f"no LLVM 19 {'library' if prefer == 'lib' else 'opt'} found")
