"""The one sandbox for running user or generated Python code.

`run_python(source)` runs `source` in a fresh interpreter (`python -E -s -S -P`, i.e. `-I` without ignoring
the PYTHONHASHSEED we set) in a new temporary directory, with:
  * rlimits: CPU seconds, address space, file size, number of processes, open files, no core dumps;
  * when running as root, the child drops to user `nobody` (so RLIMIT_NPROC and file permissions apply)
    if `nobody` can execute the interpreter (it cannot when Python lives under /root);
  * a network namespace of its own (`unshare --net`) when the system allows it: no interfaces at all;
  * limits and the privilege drop are applied by the child's bootstrap (no `preexec_fn`, so this is safe to
    call from threads);
  * an audit hook installed before the code runs that refuses sockets, subprocesses, fork/exec/spawn,
    signals to other processes, ctypes, and any write / delete / rename / chmod outside the temp dir;
  * an environment with nothing inherited (no secrets), a wall-clock timeout that kills the process group,
    and stdout/stderr truncated to `max_output` bytes.
"""

from __future__ import annotations

import json
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

MAX_FILE_BYTES = 16 << 20

# Runs in the child before the user code. It only sees `_root` (the temp dir) and the standard library.
GUARD_SOURCE = r'''
import os as _os, sys as _sys

def _install_guard(_root):
    _root = _os.path.realpath(_root)
    _deny_prefix = ("socket.", "subprocess.", "os.exec", "os.spawn", "os.posix_spawn", "os.fork", "os.forkpty",
                    "os.system", "os.kill", "os.killpg", "os.setuid", "os.setgid", "os.chroot", "ctypes.",
                    "_ctypes.", "signal.pthread_kill", "os.startfile", "pty.", "resource.setrlimit",
                    "sys.remote_exec", "os.putenv", "os.unsetenv", "mmap.__new__", "winreg.", "webbrowser.",
                    "gc.get_objects", "gc.get_referrers", "gc.get_referents", "sys._current_frames")
    _path_events = {"os.remove", "os.rmdir", "os.rename", "os.mkdir", "os.chmod", "os.chown", "os.link",
                    "os.symlink", "os.truncate", "os.utime", "os.chflags", "os.lchflags", "os.mkfifo",
                    "os.mknod", "shutil.rmtree", "shutil.copyfile", "shutil.move", "os.removexattr",
                    "os.setxattr"}
    _write_flags = _os.O_WRONLY | _os.O_RDWR | _os.O_CREAT | _os.O_TRUNC | _os.O_APPEND
    _realpath, _fspath, _sep = _os.path.realpath, _os.fspath, _os.sep

    def _inside(path):
        try:
            if isinstance(path, int):
                return True  # an fd that was already opened under these rules
            p = _realpath(_fspath(path) if not isinstance(path, bytes) else path.decode())
        except Exception:
            return False
        return p == _root or p.startswith(_root + _sep)

    _own_proc = "/proc/%d" % _os.getpid()

    def _other_process(path):
        """/proc/<pid>/... of another process (its environ could hold secrets)."""
        try:
            p = _realpath(_fspath(path) if not isinstance(path, bytes) else path.decode())
        except Exception:
            return True
        parts = p.split(_sep)
        return len(parts) > 2 and parts[1] == "proc" and parts[2].isdigit() and p.split(_sep)[:3] != _own_proc.split(_sep)

    def _hook(event, args):
        if event.startswith(_deny_prefix):
            raise PermissionError(f"sandbox: {event} is not allowed")
        if event == "open":
            path, mode, flags = (tuple(args) + (None, None))[:3]
            if isinstance(path, (str, bytes)) and _other_process(path):
                raise PermissionError(f"sandbox: reading {path!r} is not allowed")
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _write_flags)
            if writing and path is not None and not _inside(path):
                raise PermissionError(f"sandbox: writing {path!r} outside the sandbox directory")
        elif event in _path_events:
            for a in args[:2]:
                if isinstance(a, (str, bytes, _os.PathLike)) and not _inside(a):
                    raise PermissionError(f"sandbox: {event} on {a!r} outside the sandbox directory")
        elif event == "sys.addaudithook":
            raise RuntimeError("sandbox: audit hooks are fixed")  # a RuntimeError: the new hook is silently dropped

    _sys.addaudithook(_hook)
'''

BOOTSTRAP = GUARD_SOURCE + r'''
import resource as _resource
for _which, _value in _LIMITS:
    _resource.setrlimit(_which, _value)
_drop_to = _DROP_TO  # (uid, gid) or None; one name so that None[1] is never compiled (a SyntaxWarning)
if _drop_to:
    _os.setgroups([])
    _os.setgid(_drop_to[1])
    _os.setuid(_drop_to[0])
_sys.path.insert(0, _os.getcwd())
_sys.path.extend(_EXTRA_PATHS)
_sys.setrecursionlimit(_RECURSION)
_install_guard(_os.getcwd())
del _install_guard
with open("main.py", encoding="utf-8") as _f:
    _code = compile(_f.read(), "main.py", "exec")
exec(_code, {"__name__": "__main__", "__builtins__": __builtins__})
'''


@dataclass
class SandboxResult:
    ok: bool  # exited with status 0 in time
    stdout: str
    stderr: str
    returncode: int | None
    timed_out: bool
    error: str | None  # short human-readable reason when not ok


def _probe(cmd: list[str]) -> bool:
    try:
        return subprocess.run(cmd, timeout=10, check=False, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL).returncode == 0  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return False


def _unprivileged_user() -> tuple[int, int] | None:
    """(uid, gid) of `nobody` when we are root and the interpreter still imports the stdlib as `nobody`
    (it cannot when Python lives under /root); probed once."""
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
    """`unshare --net --` when a private network namespace can be created here (probed once), else []."""
    global _NETNS
    if _NETNS is None:
        tool = shutil.which("unshare")
        _NETNS = [tool, "--net", "--"] if tool and _probe([tool, "--net", "--", sys.executable, "-S", "-c", ""]) else []
    return _NETNS


_NETNS: list[str] | None = None


def _limits(cpu_s: int, memory_mb: int) -> list[tuple[int, tuple[int, int]]]:
    return [
        (resource.RLIMIT_CPU, (cpu_s, cpu_s + 1)),
        (resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20)),
        (resource.RLIMIT_FSIZE, (MAX_FILE_BYTES, MAX_FILE_BYTES)),
        (resource.RLIMIT_NOFILE, (64, 64)),
        (resource.RLIMIT_CORE, (0, 0)),
        (resource.RLIMIT_NPROC, (16, 16)),
    ]


def _read_capped(path: Path, limit: int) -> str:
    with path.open("rb") as f:
        data = f.read(limit + 1)
    text = data[:limit].decode("utf-8", errors="replace")
    return text + "\n[output truncated]" if len(data) > limit else text


def run_python(
    source: str,
    *,
    timeout_s: float = 2.0,
    memory_mb: int = 512,
    max_output: int = 65536,
    files: dict[str, str] | None = None,
    recursion_limit: int = 2000,
    extra_paths: tuple[str, ...] = (),
) -> SandboxResult:
    """Run `source` as a script in the sandbox; `files` (name -> text) are written into its temp dir first.

    `extra_paths` are appended to the child's `sys.path` (read-only imports, e.g. libcst for generated transforms).
    """
    tmp = Path(tempfile.mkdtemp(prefix="cv-sandbox-"))
    work = tmp / "work"
    work.mkdir()
    drop_to = _unprivileged_user()
    try:
        for name, text in {**(files or {}), "main.py": source}.items():
            target = (work / name).resolve()
            if work.resolve() not in target.parents:
                raise ValueError(f"sandbox file name escapes the sandbox: {name!r}")
            target.write_text(text, encoding="utf-8")
        boot = (BOOTSTRAP.replace("_RECURSION", str(int(recursion_limit)))
                .replace("_LIMITS", repr(_limits(int(timeout_s) + 1, memory_mb))).replace("_DROP_TO", repr(drop_to))
                .replace("_EXTRA_PATHS", repr([str(p) for p in extra_paths])))
        (tmp / "boot.py").write_text(boot, encoding="utf-8")
        if drop_to is not None:
            for p in [work, *work.iterdir()]:
                os.chown(p, *drop_to)
            os.chmod(tmp, 0o755)
        out_path, err_path = tmp / "stdout", tmp / "stderr"
        env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(work), "PYTHONHASHSEED": "0",
               "PYTHONDONTWRITEBYTECODE": "1", "PYTHONIOENCODING": "utf-8"}  # fmt: skip
        # Like -I, except -E: the environment is ours (nothing inherited) and pins PYTHONHASHSEED.
        cmd = _netns_prefix() + [sys.executable, "-s", "-S", "-P", "-B", str(tmp / "boot.py")]
        started = time.monotonic()
        with out_path.open("wb") as out, err_path.open("wb") as err:
            proc = subprocess.Popen(
                cmd, cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, close_fds=True,
                start_new_session=True,  # no preexec_fn: safe to call from the threaded language server
            )  # fmt: skip
            timed_out = False
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                _kill_group(proc.pid)
                proc.kill()
                proc.wait()
        stdout, stderr = _read_capped(out_path, max_output), _read_capped(err_path, max_output)
        rc = proc.returncode
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
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


_CALL_DRIVER = r'''
import json as _json
_ns = {"__name__": "__sandboxed__"}
_result = {"ok": False}
try:
    exec(compile(_SOURCE, "<code>", "exec"), _ns)
    _result = {"ok": True, "value": repr(eval(compile(_CALL, "<call>", "eval"), _ns))}
except BaseException as _exc:
    _result = {"ok": False, "value": f"{type(_exc).__name__}: {_exc}" if str(_exc) else type(_exc).__name__}
print("\n" + _MARK + _json.dumps(_result))
'''
_MARK = "@@clairvoyant-result@@"


def run_function_call(code: str, call_expr: str, *, timeout_s: float = 2.0, memory_mb: int = 512) -> tuple[bool, str]:
    """Define `code`, evaluate `call_expr` in the sandbox: (True, repr(value)) or (False, "ExcType: msg" / reason)."""
    driver = (_CALL_DRIVER.replace("_SOURCE", repr(code)).replace("_CALL", repr(call_expr))
              .replace("_MARK", repr(_MARK)))  # fmt: skip
    res = run_python(driver, timeout_s=timeout_s, memory_mb=memory_mb, max_output=1 << 20)
    if res.timed_out:
        return False, f"TimeoutError: {res.error}"
    marker = res.stdout.rfind(_MARK)
    if marker < 0:
        return False, res.error or "no result"
    payload = json.loads(res.stdout[marker + len(_MARK) :].strip().splitlines()[0])
    return bool(payload["ok"]), payload["value"]
