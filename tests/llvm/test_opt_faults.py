"""`opt` missing, crashing or hanging: a clear error within the time limit, never a hang or a crash of ours."""

from __future__ import annotations

import time

from clairvoyant.llvm.backend import OptBackend

IR = "define i32 @f(i32 %x) {\n  %y = add i32 %x, 0\n  ret i32 %y\n}\n"


def fake_opt(tmp_path, body: str) -> str:
    path = tmp_path / "opt-19"
    path.write_text("#!/bin/sh\n" + body + "\n")
    path.chmod(0o755)
    return str(path)


def test_missing_opt_is_a_clear_error(tmp_path):
    backend = OptBackend(str(tmp_path / "no-such-opt"))
    result = backend.evaluate(IR, "default<Oz>")
    assert not result.ok and "cannot run" in result.error
    assert "cannot run" in backend.check(IR)


def test_crashing_opt_is_reported(tmp_path):
    backend = OptBackend(fake_opt(tmp_path, "kill -SEGV $$"))
    result = backend.evaluate(IR, "default<Oz>")
    assert not result.ok and "crashed (signal 11)" in result.error


def test_hanging_opt_times_out(tmp_path):
    backend = OptBackend(fake_opt(tmp_path, "exec sleep 30"), timeout_s=1.0)
    started = time.monotonic()
    result = backend.evaluate(IR, "default<Oz>")
    assert not result.ok and result.error == "opt timed out"
    assert backend.check(IR) == "opt timed out"
    assert time.monotonic() - started < 10
