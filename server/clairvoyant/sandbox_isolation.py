"""OS-level isolation for the sandbox: the bubblewrap (`bwrap`) command line and a once-per-process probe.

Inside the sandbox `/` is read-only; `/tmp`, `/var/tmp`, `/root`, `/home` and the caller's home are empty tmpfs
(the Python installation is bound back read-only when it lives there); the inputs are bound read-only; the only
writable place is a size-capped tmpfs, the working directory. `/dev` is minimal, `/proc` belongs to a new PID
namespace, and network, IPC, UTS and cgroup namespaces are new too (plus a user namespace when not root), with
`--die-with-parent` and `--new-session`. As root the child becomes `nobody` with no capabilities (`setpriv`)
before Python starts, so root-only files and escapes stay out of reach.
"""

from __future__ import annotations

import logging
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

log = logging.getLogger(__name__)

HIDDEN = ("/tmp", "/var/tmp", "/root", "/home")
WORK_BYTES = 64 << 20  # the writable tmpfs: a full disk inside costs at most this much memory
BUBBLEWRAP, NONE = "bubblewrap", "none"
INSTALL_HINT = "install the Debian package `bubblewrap` (scripts/setup.sh does)"


@dataclass(frozen=True)
class Isolation:
    """Which isolation the sandbox has on this machine."""

    mode: str  # BUBBLEWRAP or NONE
    detail: str  # the bwrap version and the user code runs as, or why bubblewrap is unavailable
    bwrap: str | None = None
    drop_to: tuple[int, int] | None = None  # (uid, gid) that `setpriv` switches to (when running as root)

    @property
    def available(self) -> bool:
        return self.mode == BUBBLEWRAP

    def to_dict(self) -> dict:
        return {"mode": self.mode, "available": self.available, "detail": self.detail,
                **{k: v for k, v in asdict(self).items() if k in ("bwrap", "drop_to")}}  # fmt: skip


def hidden_dirs() -> list[str]:
    """Directories hidden behind an empty tmpfs: temp dirs, `/root`, `/home` and the caller's home."""
    homes = {os.environ.get("HOME", "")}
    try:
        homes.add(pwd.getpwuid(os.geteuid()).pw_dir)
    except KeyError:
        pass
    dirs = list(HIDDEN)
    for home in sorted(h for h in homes if h):
        real = os.path.realpath(home)
        if real != "/" and os.path.isdir(real) and not any(_under(real, d) for d in dirs):
            dirs.append(real)
    return [d for d in dirs if os.path.isdir(d)]


def _under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip("/") + "/")


def kept_paths(extra_paths: tuple[str, ...] = ()) -> list[str]:
    """The interpreter, its standard library and `extra_paths`, where a hidden directory would cover them."""
    wanted = [sys.base_prefix, sys.base_exec_prefix, sys.prefix, sys.exec_prefix,
              os.path.dirname(os.path.realpath(sys.executable)), *extra_paths]  # fmt: skip
    hidden = hidden_dirs()
    kept: list[str] = []
    for path in sorted({os.path.realpath(p) for p in wanted if p}):
        if os.path.exists(path) and any(_under(path, d) for d in hidden) and not any(_under(path, k) for k in kept):
            kept.append(path)
    return kept


def _traversable_parents(path: str) -> list[str]:
    """`--perms 0755 --dir` for the directories between the hidden one (a fresh tmpfs) and `path`: bwrap would
    create them 0700, closed to `nobody` (e.g. a virtual environment in a clone under /tmp)."""
    hidden = next((d for d in hidden_dirs() if _under(path, d)), None)
    if hidden is None:
        return []
    args, parts = [], os.path.relpath(os.path.dirname(path), hidden).split(os.sep)
    for i in range(len(parts)):
        if parts[i] not in ("", "."):
            args += ["--perms", "0755", "--dir", os.path.join(hidden, *parts[: i + 1])]
    return args


def command(iso: Isolation, inputs: Path, work: Path, argv: list[str], extra_paths: tuple[str, ...] = (),
            info_fd: int | None = None) -> list[str]:  # fmt: skip
    """The bwrap command line that runs `argv` with `work` (a fresh tmpfs) as its cwd and `inputs` read-only;
    bwrap writes `{"child-pid": N}` (the sandbox's init, as seen from outside) to `info_fd`."""
    cmd = [iso.bwrap or "bwrap", "--ro-bind", "/", "/"]
    if info_fd is not None:
        cmd += ["--info-fd", str(info_fd)]
    for directory in hidden_dirs():
        cmd += ["--tmpfs", directory]
    for path in kept_paths(extra_paths):
        cmd += [*_traversable_parents(path), "--ro-bind", path, path]
    cmd += ["--perms", "0755", "--dir", str(inputs.parent),  # bwrap would create it 0700, closed to `nobody`
            "--ro-bind", str(inputs), str(inputs),
            "--size", str(WORK_BYTES), "--perms", "0777" if iso.drop_to else "0700", "--tmpfs", str(work),
            "--dev", "/dev", "--proc", "/proc", "--die-with-parent", "--new-session", "--chdir", str(work)]  # fmt: skip
    if iso.drop_to:  # root needs no user namespace; it gives up its identity and capabilities instead
        uid, gid = iso.drop_to
        cmd += ["--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try", "--",
                shutil.which("setpriv") or "setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups",
                "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs"]  # fmt: skip
    else:
        cmd += ["--unshare-all", "--unshare-user", "--disable-userns", "--cap-drop", "ALL", "--"]
    return cmd + argv


def _nobody() -> tuple[int, int] | None:
    try:
        pw = pwd.getpwnam("nobody")
    except KeyError:
        return None
    return pw.pw_uid, pw.pw_gid


def probe() -> Isolation:
    """Find bwrap and check that it runs the interpreter here (namespaces allowed, stdlib readable)."""
    bwrap = shutil.which("bwrap")
    if not bwrap:
        return Isolation(NONE, f"bubblewrap (bwrap) is not installed: {INSTALL_HINT}")
    drop_to = None
    if os.geteuid() == 0:
        drop_to = _nobody()
        if drop_to is None or not shutil.which("setpriv"):
            return Isolation(NONE, "running as root needs user `nobody` and `setpriv` (util-linux) to drop privileges")
    iso = Isolation(BUBBLEWRAP, "", bwrap, drop_to)
    tmp = Path(tempfile.mkdtemp(prefix="cv-probe-"))
    try:
        tmp.chmod(0o711)
        (tmp / "in").mkdir(mode=0o755)
        (tmp / "work").mkdir()
        cmd = command(iso, tmp / "in", tmp / "work", [sys.executable, "-S", "-c", "import json, re, collections"])
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=20,
                              env={"PATH": "/usr/bin:/bin"}, check=False)  # fmt: skip
        version = subprocess.run([bwrap, "--version"], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError) as exc:
        return Isolation(NONE, f"bubblewrap failed to start: {exc}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if proc.returncode != 0:
        reason = (proc.stderr.strip().splitlines() or [f"exit status {proc.returncode}"])[-1]
        return Isolation(NONE, f"bubblewrap cannot create its sandbox here ({reason})")
    who = f"uid {drop_to[0]} (nobody), no capabilities" if drop_to else f"uid {os.geteuid()} in a user namespace"
    return Isolation(BUBBLEWRAP, f"{version.stdout.strip() or 'bubblewrap'}; code runs as {who}", bwrap, drop_to)


_lock = threading.Lock()
_cached: Isolation | None = None


def isolation() -> Isolation:
    """The probe's answer, computed once per process (and logged once when bubblewrap is unavailable)."""
    global _cached
    with _lock:
        if _cached is None:
            _cached = probe()
            if not _cached.available:
                log.error("sandbox: no OS-level isolation: %s; user code (verified mode, LLM-written transforms) "
                          "will not run", _cached.detail)  # fmt: skip
        return _cached
