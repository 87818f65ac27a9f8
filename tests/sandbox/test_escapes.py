"""Escape attempts against the sandbox, as root and as an ordinary user: each asserts the effect did not happen.

Every snippet runs once per identity (one batch per identity, for speed); each test then checks one effect.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from clairvoyant.sandbox import run_python
from clairvoyant.sandbox_isolation import WORK_BYTES, isolation

USER = "cv-sandbox-test"
RUNNER = Path(__file__).with_name("escape_runner.py")
SERVER_DIR = Path(__file__).resolve().parents[2] / "server"

# name -> snippet; placeholders: marker (a path the attacker wants to create), base (its directory), victim (a
# file to corrupt), secrets (files to read), home, port (a loopback listener), abstract (an abstract unix socket
# name), pids (processes to signal).
ESCAPES = {
    "posixsubprocess_fork_exec": """
import _posixsubprocess, os
r, w = os.pipe()
args = [b"/bin/sh", b"-c", b"echo escaped > " + {marker!r}.encode()]
pid = _posixsubprocess.fork_exec(args, [b"/bin/sh"], True, (w,), None, None, -1, -1, -1, -1, -1, -1,
                                 r, w, True, False, -1, None, None, None, -1, None, False)
os.waitpid(pid, 0)
""",
    "fork_execv": """
import os
pid = os.fork()
if pid == 0:
    os.execv("/bin/sh", ["sh", "-c", "echo escaped > " + {marker!r}])
os.waitpid(pid, 0)
""",
    "ctypes_libc_system": """
import ctypes
ctypes.CDLL("libc.so.6").system(("echo escaped > " + {marker!r}).encode())
""",
    "write_via_proc_self_fd": """
import os
fd = os.open({base!r}, os.O_RDONLY | os.O_DIRECTORY)
with open("/proc/self/fd/%d/%s" % (fd, os.path.basename({marker!r})), "w") as f:
    f.write("escaped")
""",
    "write_via_proc_self_mem": """
data = bytearray(b"sandbox")
with open("/proc/self/mem", "r+b", buffering=0) as mem:
    mem.seek(id(data))
    mem.write(b"\\0" * 64)
open({marker!r}, "w").write("escaped")
""",
    "mmap_inherited_fd": """
import mmap
for fd in (0, 1, 2):
    try:
        m = mmap.mmap(fd, 4096, access=mmap.ACCESS_WRITE)
        m[:7] = b"escaped"
    except Exception as exc:
        print("fd", fd, type(exc).__name__)
f = open({victim!r}, "r+b")
m = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_WRITE)
m[:7] = b"escaped"
""",
    "read_ssh_keys_and_root": """
import os
for path in {secrets!r}:
    try:
        print(open(path).read())
    except Exception as exc:
        print("denied", path, type(exc).__name__)
for d in ("/root", "/root/.ssh", {home!r}, {home!r} + "/.ssh"):
    try:
        print(d, os.listdir(d))
    except Exception as exc:
        print("denied", d, type(exc).__name__)
""",
    "loopback_socket": """
import _socket
s = _socket.socket()
s.settimeout(1)
s.connect(("127.0.0.1", {port}))
s.send(b"escaped")
""",
    "abstract_unix_socket": """
import _socket
s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
s.settimeout(1)
s.connect({abstract!r})
s.send(b"escaped")
""",
    "signal_parent_and_neighbours": """
import os, signal
for pid in [os.getppid(), *{pids!r}]:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.kill(pid, sig)
        except Exception as exc:
            print(pid, type(exc).__name__)
""",
    "fill_the_disk": """
total = 0
try:
    for i in range(1000):
        with open("fill%d" % i, "wb") as f:
            for _ in range(15):
                f.write(b"\\0" * (1 << 20))
                total += 1 << 20
except OSError as exc:
    print("stopped", type(exc).__name__)
print("wrote", total)
""",
}


@dataclass
class World:
    """What the attacker aims at, for one identity, and the outcome of every snippet."""

    base: Path
    uid: int
    home: str
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    cleanup: list = field(default_factory=list)
    results: dict = field(default_factory=dict)

    def marker(self, name: str) -> Path:
        return self.base / f"{name}.marker"


def _ordinary_user() -> pwd.struct_passwd:
    try:
        return pwd.getpwnam(USER)
    except KeyError:
        if not shutil.which("useradd"):
            pytest.skip("no useradd to create an ordinary user for the escape tests")
        subprocess.run(["useradd", "--create-home", "--shell", "/usr/sbin/nologin", USER], check=True)
        return pwd.getpwnam(USER)


def _as(pw: pwd.struct_passwd | None) -> list[str]:
    return [] if pw is None else ["setpriv", f"--reuid={pw.pw_uid}", f"--regid={pw.pw_gid}", "--init-groups"]


def _interpreter_for(pw: pwd.struct_passwd) -> str:
    """An interpreter the user can run and read (the project's may live under /root)."""
    for python in (os.path.realpath(sys.executable), "/usr/bin/python3"):
        check = "import json, sys; open(sys.executable, 'rb').close()"
        if subprocess.run([*_as(pw), python, "-c", check], capture_output=True, check=False).returncode == 0:
            return python
    pytest.skip(f"no Python interpreter that user {pw.pw_name} may run")


def _secret(world: World, path: Path, owner: int) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"secret-{world.token}")
    path.chmod(0o644)  # readable by anyone: only the sandbox's hiding keeps it out
    os.chown(path, owner, -1)
    world.cleanup.append(path)
    return str(path)


def _run_batch(world: World, pw: pwd.struct_passwd | None, port: int, abstract: bytes, pids: list[int]) -> None:
    victim = world.base / "victim.txt"
    victim.write_text("precious-data")
    victim.chmod(0o666)
    secret_files = [_secret(world, Path(world.home) / ".ssh" / f"cv_sandbox_key_{world.token}", world.uid)]
    if pw is None:
        secret_files.append(_secret(world, Path("/root") / f".cv_sandbox_secret_{world.token}", 0))
    sources = [snippet.format(marker=str(world.marker(name)), base=str(world.base), victim=str(victim),
                              secrets=secret_files, home=world.home, port=port, abstract=abstract, pids=pids)
               for name, snippet in ESCAPES.items()]  # fmt: skip
    if pw is None:
        outcomes = [vars(run_python(source)) for source in sources]
    else:
        env = {"PATH": "/usr/bin:/bin", "HOME": world.home, "PYTHONPATH": str(SERVER_DIR)}
        proc = subprocess.run([*_as(pw), _interpreter_for(pw), str(RUNNER)], input=json.dumps(sources), env=env,
                              capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        outcomes = json.loads(proc.stdout)
    world.results = dict(zip(ESCAPES, outcomes))


@pytest.fixture(scope="module", params=["root", "user"])
def world(request, tmp_path_factory):
    """Runs every snippet as root (this process) or as an ordinary user; yields the world afterwards."""
    assert isolation().available, f"the sandbox needs bubblewrap: {isolation().detail}"
    if os.geteuid() != 0:
        pytest.skip("the escape suite creates its targets as root (run it as root, as CI does)")
    pw = _ordinary_user() if request.param == "user" else None
    base = tmp_path_factory.mktemp(f"escape-{request.param}")
    base.chmod(0o777)  # writable by the attacker's identity on the host: only the sandbox stands in the way
    w = World(base, pw.pw_uid if pw else 0, pw.pw_dir if pw else "/root")
    listener, unix = socket.socket(), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    abstract = b"\0cv-sandbox-test-" + w.token.encode()
    unix.bind(abstract)
    for s in (listener, unix):
        s.listen(4)
        s.setblocking(False)
    neighbour_uid = pw.pw_uid if pw else pwd.getpwnam("nobody").pw_uid  # the uid sandboxed code runs as
    neighbour = subprocess.Popen(["setpriv", f"--reuid={neighbour_uid}", f"--regid={neighbour_uid}", "--clear-groups",
                                  "sleep", "120"])  # fmt: skip
    try:
        _run_batch(w, pw, listener.getsockname()[1], abstract, [os.getpid(), neighbour.pid])
        w.sockets, w.neighbour = (listener, unix), neighbour
        yield w
    finally:
        neighbour.kill()
        neighbour.wait()
        listener.close()
        unix.close()
        for path in w.cleanup:
            path.unlink(missing_ok=True)


def _output(world: World, name: str) -> str:
    return world.results[name]["stdout"] + world.results[name]["stderr"]


@pytest.mark.parametrize("name", ["posixsubprocess_fork_exec", "fork_execv", "ctypes_libc_system",
                                  "write_via_proc_self_fd", "write_via_proc_self_mem"])  # fmt: skip
def test_nothing_is_written_outside(world, name):
    assert not world.marker(name).exists()
    assert not world.results[name]["ok"], f"{name} reported success"


def test_issue_snippet_reports_a_blocked_run(world):
    assert world.results["posixsubprocess_fork_exec"]["error"]


def test_mmap_of_inherited_or_opened_fds_changes_nothing(world):
    assert (world.base / "victim.txt").read_text() == "precious-data"
    assert "escaped" not in world.results["mmap_inherited_fd"]["stdout"]


def test_ssh_keys_and_root_are_not_readable(world):
    out = _output(world, "read_ssh_keys_and_root")
    assert world.results["read_ssh_keys_and_root"]["ok"], out  # it ran, and saw nothing
    assert f"secret-{world.token}" not in out
    listings = [line for line in out.splitlines() if not line.startswith("denied")]
    assert not any("cv_sandbox" in line for line in listings), listings  # not even the names


@pytest.mark.parametrize("name", ["loopback_socket", "abstract_unix_socket"])
def test_no_connection_reaches_a_listener(world, name):
    assert not world.results[name]["ok"]
    for s in world.sockets:
        with pytest.raises(BlockingIOError):
            s.accept()


def test_signals_reach_neither_parent_nor_neighbours(world):
    assert world.neighbour.poll() is None  # a process of the same uid outside the sandbox is still alive
    assert "escaped" not in _output(world, "signal_parent_and_neighbours")  # (and this process is running)


def test_filling_the_disk_is_bounded(world):
    out = world.results["fill_the_disk"]["stdout"]
    assert "stopped" in out, out
    written = int(out.split("wrote")[-1])
    assert 0 < written <= WORK_BYTES


def test_every_escape_is_checked():
    checked = {"posixsubprocess_fork_exec", "fork_execv", "ctypes_libc_system", "write_via_proc_self_fd",
               "write_via_proc_self_mem", "mmap_inherited_fd", "read_ssh_keys_and_root", "loopback_socket",
               "abstract_unix_socket", "signal_parent_and_neighbours", "fill_the_disk"}  # fmt: skip
    assert checked == set(ESCAPES)


def test_sandboxed_code_runs_unprivileged():
    res = run_python("import os\nprint(os.getuid(), open('/proc/self/status').read().split('CapEff:')[1].split()[0])")
    uid, caps = res.stdout.split()
    assert res.ok and int(caps, 16) == 0 and (os.geteuid() != 0 or uid != "0")
