"""Hostile snippets run in the sandbox: each test asserts that the *effect* did not happen."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.raw_lsp import RawServer

from clairvoyant.sandbox import run_function_call, run_python


def test_plain_code_runs_and_returns_output():
    res = run_python("print(sum(range(10)))")
    assert res.ok and res.stdout.strip() == "45" and res.returncode == 0


def test_run_function_call_value_and_exception():
    assert run_function_call("def f(x):\n    return [x] * 2", "f('a')") == (True, "['a', 'a']")
    ok, err = run_function_call("def f(x):\n    return 1 // x", "f(0)")
    assert not ok and err.startswith("ZeroDivisionError")


def test_write_outside_temp_dir_does_not_happen(tmp_path):
    target = tmp_path / "pwned.txt"
    for snippet in (
        f"open({str(target)!r}, 'w').write('x')",
        f"import os; os.close(os.open({str(target)!r}, os.O_WRONLY | os.O_CREAT))",
        f"import pathlib; pathlib.Path({str(target)!r}).write_text('x')",
        f"import shutil; open('inside.txt', 'w').write('x'); shutil.copy('inside.txt', {str(target)!r})",
        f"open('inside.txt', 'w').write('x'); import os; os.replace('inside.txt', {str(target)!r})",
    ):
        res = run_python(snippet)
        assert not res.ok
        assert not target.exists(), snippet


def test_writing_inside_temp_dir_is_allowed():
    res = run_python("open('a.txt', 'w').write('hi'); print(open('a.txt').read())")
    assert res.ok and res.stdout.strip() == "hi"


def test_delete_and_rename_outside_do_not_happen(tmp_path):
    victim = tmp_path / "keep.txt"
    victim.write_text("precious")
    folder = tmp_path / "dir"
    folder.mkdir()
    for snippet in (
        f"import os; os.remove({str(victim)!r})",
        f"import os; os.unlink({str(victim)!r})",
        f"import os; os.rename({str(victim)!r}, {str(victim) + '.moved'!r})",
        f"import os; os.rmdir({str(folder)!r})",
        f"import shutil; shutil.rmtree({str(tmp_path)!r})",
        f"import os; os.chmod({str(victim)!r}, 0)",
    ):
        assert not run_python(snippet).ok, snippet
    assert victim.read_text() == "precious" and folder.is_dir()
    assert oct(victim.stat().st_mode & 0o777) != "0o0"


def test_network_connection_to_loopback_listener_does_not_happen():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.settimeout(0.5)
    port = server.getsockname()[1]
    try:
        for snippet in (
            f"import socket; socket.create_connection(('127.0.0.1', {port}), timeout=1).sendall(b'hi')",
            f"import _socket; s = _socket.socket(); s.connect(('127.0.0.1', {port}))",
            f"import urllib.request; urllib.request.urlopen('http://127.0.0.1:{port}/', timeout=1)",
        ):
            res = run_python(snippet)
            assert not res.ok, snippet
            with pytest.raises(TimeoutError):
                conn, _ = server.accept()
                conn.close()
    finally:
        server.close()


def test_spawning_processes_does_not_happen(tmp_path):
    marker = tmp_path / "spawned"
    for snippet in (
        f"import subprocess; subprocess.run(['touch', {str(marker)!r}])",
        f"import os; os.system('touch {marker}')",
        f"import os; os.posix_spawn('/usr/bin/touch', ['touch', {str(marker)!r}], {{}})",
        f"import os; os.execv('/usr/bin/touch', ['touch', {str(marker)!r}])",
        f"import ctypes; ctypes.CDLL(None).system(b'touch {marker}')",
    ):
        assert not run_python(snippet).ok, snippet
    assert not marker.exists()


def test_fork_bomb_is_contained(tmp_path):
    marker = tmp_path / "forked"
    snippet = f"""
import os
while True:
    pid = os.fork()
    if pid == 0:
        open({str(marker)!r}, 'a').write('child')
"""
    start = time.monotonic()
    res = run_python(snippet, timeout_s=2)
    assert not res.ok and time.monotonic() - start < 5
    assert not marker.exists()


def test_memory_bomb_is_contained():
    res = run_python("blocks = []\nwhile True:\n    blocks.append(bytearray(50 << 20))", memory_mb=256)
    assert not res.ok and "MemoryError" in res.stderr


def test_infinite_loop_is_killed_on_time():
    start = time.monotonic()
    res = run_python("while True:\n    pass", timeout_s=0.5)
    assert res.timed_out and not res.ok
    assert time.monotonic() - start < 3


def test_signal_handlers_cannot_dodge_the_timeout():
    snippet = """
import signal
for s in (signal.SIGTERM, signal.SIGXCPU, signal.SIGALRM, signal.SIGINT, signal.SIGHUP):
    signal.signal(s, signal.SIG_IGN)
while True:
    pass
"""
    start = time.monotonic()
    res = run_python(snippet, timeout_s=0.5)
    assert res.timed_out and time.monotonic() - start < 3


def test_huge_output_is_truncated():
    res = run_python("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)", timeout_s=1, max_output=1000)
    assert not res.ok
    assert len(res.stdout) <= 1000 + len("\n[output truncated]")


def test_deep_recursion_is_an_error_not_a_crash():
    ok, err = run_function_call("def f(n):\n    return f(n + 1)", "f(0)")
    assert not ok and err.startswith("RecursionError")


def test_environment_secrets_are_not_visible(monkeypatch):
    monkeypatch.setenv("CLAIRVOYANT_TEST_SECRET", "s3cr3t-value")
    snippet = """
import os
print(dict(os.environ))
print(open('/proc/self/environ', 'rb').read())
try:
    print(open('/proc/%d/environ' % os.getppid(), 'rb').read())
except Exception as e:
    print('denied', e)
"""
    res = run_python(snippet)
    assert res.ok
    assert "s3cr3t-value" not in res.stdout and "denied" in res.stdout


def test_audit_hook_cannot_be_reached_or_bypassed():
    snippet = """
import gc, sys
seen = []
sys.addaudithook(lambda event, args: seen.append(event))
try:
    gc.get_objects()
    print('gc allowed')
except PermissionError:
    print('gc denied')
import socket
try:
    socket.socket()
    print('socket allowed')
except PermissionError:
    print('socket denied')
print(len(seen))
"""
    res = run_python(snippet)
    assert res.ok and res.stdout.split("\n")[:3] == ["gc denied", "socket denied", "0"]


def test_temp_dir_is_removed_afterwards():
    res = run_python("import os; print(os.getcwd())")
    assert res.ok and not os.path.exists(res.stdout.strip())


def test_call_code_may_use_any_names_the_driver_uses():
    """Issue 16: the driver reads code and call from a JSON payload, so names like _CALLS or _MARK are just names."""
    assert run_function_call("_CALLS = 3\ndef f():\n    return _CALLS\n", "f()") == (True, "3")
    code = "_SOURCE, _MARK, _CALL = 1, '@@clairvoyant-result@@', \"'''\"\ndef g(x):\n    return [_SOURCE, x, _CALL]"
    assert run_function_call(code, "g('_CALL')") == (True, "[1, '_CALL', \"'''\"]")


def test_a_timed_out_sandbox_leaves_no_process_behind():
    snippet = ("import os, signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint(os.getcwd(), flush=True)\n"
               "while True:\n    pass")
    res = run_python(snippet, timeout_s=0.5)
    assert res.timed_out
    tmp_dir = os.path.dirname(res.stdout.strip())
    assert tmp_dir.startswith("/") and not os.path.exists(tmp_dir)
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            assert tmp_dir.encode() not in cmdline.read_bytes()
        except (FileNotFoundError, ProcessLookupError):
            pass


def _without_bwrap(code: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """Run `code` in a fresh interpreter whose PATH has no bwrap (as on a machine without bubblewrap)."""
    empty = tmp_path / "empty-path"
    empty.mkdir(exist_ok=True)
    env = {**os.environ, "PATH": str(empty)}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60,
                          check=False)


def test_without_bubblewrap_user_code_is_refused_and_generated_code_warned(tmp_path):
    marker = tmp_path / "ran"
    code = f"""
import json
from clairvoyant.sandbox import run_python
user = run_python("open({str(marker)!r}, 'w')")
generated = run_python("print(6 * 7)", purpose="generated")
print(json.dumps([user.ok, user.error, generated.ok, generated.stdout]))
"""
    proc = _without_bwrap(code, tmp_path)
    user_ok, user_error, generated_ok, generated_out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert not user_ok and "bubblewrap" in user_error and "not installed" in user_error
    assert not marker.exists()
    assert generated_ok and generated_out.strip() == "42"
    assert proc.stderr.count("no OS-level isolation") == 1 and proc.stderr.count("without OS-level isolation") == 1


def test_doctor_reports_the_isolation_in_effect(capsys):
    from clairvoyant.cli.main import main

    assert main(["doctor", "--json"]) == 0
    sandbox = json.loads(capsys.readouterr().out)["sandbox"]
    assert sandbox["mode"] == "bubblewrap" and sandbox["user_code"] == "runs" and "/root" in sandbox["hidden"]


def test_doctor_and_server_say_when_the_sandbox_is_missing(tmp_path):
    proc = _without_bwrap("from clairvoyant.cli.main import main; raise SystemExit(main(['doctor']))", tmp_path)
    assert proc.returncode == 1 and "sandbox isolation: none" in proc.stdout and "refused" in proc.stdout
    server = RawServer(env={"PATH": str(tmp_path / "empty-path")})
    try:
        server.initialize(tmp_path.as_uri(), {"trusted": True, "prediction": {"verifiedMode": True}})
        deadline = time.monotonic() + 30
        shown = []
        while time.monotonic() < deadline and not shown:
            message = server.notifications.get(timeout=max(0.1, deadline - time.monotonic()))
            if message.get("method") == "window/showMessage" and "sandbox" in message["params"]["message"]:
                shown.append(message["params"]["message"])
        assert shown and "verified mode" in shown[0] and "bubblewrap" in shown[0]
    finally:
        server.close()


def test_extra_paths_under_a_hidden_directory_stay_importable(tmp_path):
    """A package beside a clone under /tmp (hidden behind a tmpfs) is bound back and readable by the sandbox user."""
    package = tmp_path / "deep" / "site"
    (package / "cvpkg").mkdir(parents=True)
    (package / "cvpkg" / "__init__.py").write_text("VALUE = 42\n")
    res = run_python("import cvpkg; print(cvpkg.VALUE)", extra_paths=(str(package),), purpose="generated")
    assert res.ok and res.stdout.strip() == "42", (res.stdout, res.stderr)
