"""The one sandbox for running user or generated Python code.

`run_python(source)` runs `source` in a fresh interpreter (`python -E -s -S -P`, i.e. `-I` without ignoring the
PYTHONHASHSEED we set) under OS-level isolation (bubblewrap, see `sandbox_isolation`): read-only `/`, hidden
temp and home directories, a private size-capped tmpfs as the only writable place, new PID/network/IPC/UTS
namespaces and, as root, user `nobody` without capabilities. Inside it:
  * rlimits: CPU seconds, address space, file size, open files, no core dumps, no new processes or threads;
  * an audit hook, a second layer only, that refuses sockets, subprocesses, fork/exec/spawn, signals, ctypes
    and any write / delete / rename / chmod outside the working directory;
  * an environment with nothing inherited (no secrets), a wall-clock timeout that kills the whole sandbox, and
    stdout/stderr truncated to `max_output` bytes.
Without bubblewrap (missing, or namespaces not allowed) code of `purpose="user"` (verified mode, LLM-written
transforms) is refused; `purpose="generated"` (the project's own generated programs) falls back to the older
mode, rlimits + `unshare --net` + a drop to `nobody` where possible + the audit hook, with a logged warning.
Nothing here uses `preexec_fn`, so it is safe to call from threads.
"""

from __future__ import annotations

import json
import logging
import os
import pwd
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .sandbox_child import BOOTSTRAP, CALL_DRIVER, CALL_PAYLOAD, RESULT_MARK
from .sandbox_isolation import Isolation, command, isolation

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 16 << 20
Purpose = Literal["user", "generated"]


@dataclass
class SandboxResult:
    ok: bool  # exited with status 0 in time
    stdout: str
    stderr: str
    returncode: int | None
    timed_out: bool
    error: str | None  # short human-readable reason when not ok


def refusal(iso: Isolation) -> str:
    """Why user code does not run on this machine."""
    return f"sandbox unavailable, user code is not run: {iso.detail}"


def _probe(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, timeout=10, check=False, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False


def _unprivileged_user() -> tuple[int, int] | None:
    """Fallback mode: (uid, gid) of `nobody` when we are root and the interpreter still imports the stdlib as
    `nobody` (it cannot when Python lives under /root); probed once."""
    global _DROP_TO
    if _DROP_TO is None:
        _DROP_TO = ()
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("nobody")
            except KeyError:
                pw = None
            check = f"import os; os.setgroups([]); os.setgid({pw.pw_gid if pw else 0}); " \
                    f"os.setuid({pw.pw_uid if pw else 0}); import json, collections, re, string, itertools"  # fmt: skip
            if pw is not None and _probe([sys.executable, "-s", "-S", "-c", check]):
                _DROP_TO = (pw.pw_uid, pw.pw_gid)
    return _DROP_TO or None


_DROP_TO: tuple | None = None


def _netns_prefix() -> list[str]:
    """Fallback mode: `unshare --net --` when a private network namespace can be created (probed once), else []."""
    global _NETNS
    if _NETNS is None:
        tool = shutil.which("unshare")
        _NETNS = [tool, "--net", "--"] if tool and _probe([tool, "--net", "--", sys.executable, "-S", "-c", ""]) else []
    return _NETNS


_NETNS: list[str] | None = None
_warned_fallback = False


def _limits(cpu_s: int, memory_mb: int) -> list[tuple[int, int, int]]:
    return [
        (resource.RLIMIT_CPU, cpu_s, cpu_s + 1),
        (resource.RLIMIT_AS, memory_mb << 20, memory_mb << 20),
        (resource.RLIMIT_FSIZE, MAX_FILE_BYTES, MAX_FILE_BYTES),
        (resource.RLIMIT_NOFILE, 64, 64),
        (resource.RLIMIT_CORE, 0, 0),
        (resource.RLIMIT_NPROC, 0, 0),  # no fork, clone or thread once the code runs (root is exempt)
    ]


def _read_capped(path: Path, limit: int) -> str:
    with path.open("rb") as f:
        data = f.read(limit + 1)
    text = data[:limit].decode("utf-8", errors="replace")
    return text + "\n[output truncated]" if len(data) > limit else text


def _fallback_allowed(iso: Isolation, purpose: Purpose) -> bool:
    """Generated programs may run without bubblewrap (warned once); user code may not."""
    global _warned_fallback
    if purpose != "generated":
        return False
    if not _warned_fallback:
        _warned_fallback = True
        log.warning("sandbox: running generated code without OS-level isolation (%s)", iso.detail)
    return True


def _prepare(tmp: Path, source: str, files: dict[str, str] | None) -> Path:
    """Write main.py and `files` into tmp/in (readable by all: the child may run as `nobody`)."""
    tmp.chmod(0o711)  # `nobody` may pass through (TMPDIR need not be hidden in the sandbox), not list
    inputs = tmp / "in"
    inputs.mkdir(mode=0o755)
    (tmp / "work").mkdir(mode=0o700)  # the tmpfs's mount point, where bwrap cannot create it
    for name, text in {**(files or {}), "main.py": source}.items():
        target = (inputs / name).resolve()
        if target.parent != inputs.resolve():
            raise ValueError(f"sandbox file name escapes the sandbox: {name!r}")
        target.write_text(text, encoding="utf-8")
        target.chmod(0o644)
    return inputs


def run_python(
    source: str,
    *,
    timeout_s: float = 2.0,
    memory_mb: int = 512,
    max_output: int = 65536,
    files: dict[str, str] | None = None,
    recursion_limit: int = 2000,
    extra_paths: tuple[str, ...] = (),
    purpose: Purpose = "user",
    iso: Isolation | None = None,
) -> SandboxResult:
    """Run `source` as a script in the sandbox; `files` (name -> text) are placed in its working directory first.

    `extra_paths` are appended to the child's `sys.path` (read-only imports, e.g. libcst for generated transforms).
    `purpose="user"` code never runs without OS-level isolation; see the module docstring. `iso` replaces the
    probed isolation (the benchmark compares the fallback mode with it).
    """
    iso = iso or isolation()
    if not iso.available and not _fallback_allowed(iso, purpose):
        return SandboxResult(False, "", "", None, False, refusal(iso))
    tmp = Path(tempfile.mkdtemp(prefix="cv-sandbox-"))
    try:
        inputs = _prepare(tmp, source, files)
        config = {"inputs": str(inputs), "limits": _limits(int(timeout_s) + 1, memory_mb), "drop_to": None,
                  "extra_paths": [str(p) for p in extra_paths], "recursion": int(recursion_limit)}  # fmt: skip
        argv = [sys.executable, "-s", "-S", "-P", "-B", "-c", BOOTSTRAP]
        if not iso.available:
            config["drop_to"] = _unprivileged_user()
            if config["drop_to"]:
                for p in [inputs, *inputs.iterdir()]:
                    os.chown(p, *config["drop_to"])
                os.chmod(tmp, 0o755)
            return _execute(_netns_prefix() + argv + [json.dumps(config)], tmp, inputs, timeout_s, max_output)
        info_r, info_w = os.pipe()
        try:
            cmd = command(iso, inputs, tmp / "work", argv + [json.dumps(config)], extra_paths, info_fd=info_w)
            return _execute(cmd, tmp, tmp / "work", timeout_s, max_output, info=(info_r, info_w))
        finally:
            os.close(info_r)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _execute(cmd: list[str], tmp: Path, work: Path, timeout_s: float, max_output: int, *,
             info: tuple[int, int] | None = None) -> SandboxResult:  # fmt: skip
    """Run `cmd` with a clean environment and a wall-clock limit; read back its capped output.

    `info` is bwrap's info pipe (read end, write end) when `cmd` is bwrap; `work` exists on the host only without."""
    wrapped = info is not None
    out_path, err_path = tmp / "stdout", tmp / "stderr"
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(work), "PYTHONHASHSEED": "0",
           "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"}  # fmt: skip
    started = time.monotonic()
    private = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    with open(os.open(out_path, private, 0o600), "wb") as out, open(os.open(err_path, private, 0o600), "wb") as err:
        try:
            proc = subprocess.Popen(cmd, cwd=tmp if wrapped else work, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=err, close_fds=True, start_new_session=True,
                                    pass_fds=info[1:] if info else ())  # fmt: skip
        finally:
            if info:
                os.close(info[1])
        timed_out = False
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            if info and proc.poll() is None:  # still running: its init's pid cannot have been reused
                _kill_sandbox_init(info[0])  # its PID namespace, and so every process in the sandbox, dies with it
                try:
                    proc.wait(timeout=5)  # bwrap reaps its init once the namespace is empty, then exits
                except subprocess.TimeoutExpired:
                    pass
            _kill_group(proc.pid)
            proc.kill()
            proc.wait()
    stdout, stderr = _read_capped(out_path, max_output), _read_capped(err_path, max_output)
    rc = proc.returncode
    if wrapped and rc is not None and 128 < rc < 128 + signal.NSIG:
        rc = 128 - rc  # bwrap reports a child killed by signal N as exit status 128 + N
    cpu_killed = rc in (-signal.SIGXCPU, -signal.SIGKILL) and time.monotonic() - started >= timeout_s * 0.5
    timed_out = timed_out or cpu_killed
    error = None
    if timed_out:
        error = f"timed out after {timeout_s}s"
    elif rc == -signal.SIGXFSZ:
        error = "file size limit exceeded"
    elif rc != 0:
        error = _last_line(stderr) or f"exit status {rc}"
    return SandboxResult(rc == 0 and not timed_out, stdout, stderr, rc, timed_out, error)


def _kill_sandbox_init(info_fd: int) -> None:
    """SIGKILL the sandbox's init (pid from bwrap's info fd); bwrap then exits only once its namespace is empty."""
    os.set_blocking(info_fd, False)
    try:
        pid = int(json.loads(os.read(info_fd, 4096) or b"{}").get("child-pid", 0))
    except (OSError, ValueError):
        return
    if pid > 0:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def run_function_call(code: str, call_expr: str, *, timeout_s: float = 2.0, memory_mb: int = 512,
                      purpose: Purpose = "user") -> tuple[bool, str]:  # fmt: skip
    """Define `code`, evaluate `call_expr` in the sandbox: (True, repr(value)) or (False, "ExcType: msg" / reason)."""
    payload = json.dumps({"code": code, "call": call_expr})
    res = run_python(CALL_DRIVER, timeout_s=timeout_s, memory_mb=memory_mb, max_output=1 << 20,
                     files={CALL_PAYLOAD: payload}, purpose=purpose)  # fmt: skip
    if res.timed_out:
        return False, f"TimeoutError: {res.error}"
    marker = res.stdout.rfind(RESULT_MARK)
    if marker < 0:
        return False, res.error or "no result"
    result = json.loads(res.stdout[marker + len(RESULT_MARK) :].strip().splitlines()[0])
    return bool(result["ok"]), result["value"]
