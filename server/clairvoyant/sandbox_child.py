"""The code the sandbox child runs around the user's: the bootstrap, the audit-hook guard and the call driver.

All of it is constant text: the parent passes values as JSON (the bootstrap's settings on its command line, a
call's code and expression in a payload file), never by editing source.
"""

# The audit hook: a second layer behind the OS isolation. It only sees `_root` (the cwd) and the standard library.
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
import json as _json, resource as _resource
_cfg = _json.loads(_sys.argv[1])
_sys.argv[:] = ["main.py"]
if _cfg["inputs"] != _os.getcwd():  # copy the inputs into the private, writable working directory
    for _name in _os.listdir(_cfg["inputs"]):
        with open(_os.path.join(_cfg["inputs"], _name), "rb") as _src, open(_name, "wb") as _dst:
            _dst.write(_src.read())
for _which, _soft, _hard in _cfg["limits"]:
    _resource.setrlimit(_which, (_soft, _hard))
if _cfg["drop_to"]:
    _os.setgroups([])
    _os.setgid(_cfg["drop_to"][1])
    _os.setuid(_cfg["drop_to"][0])
_sys.path.insert(0, _os.getcwd())
_sys.path.extend(_cfg["extra_paths"])
_sys.setrecursionlimit(_cfg["recursion"])
_install_guard(_os.getcwd())
del _install_guard, _cfg
with open("main.py", encoding="utf-8") as _f:
    _code = compile(_f.read(), "main.py", "exec")
exec(_code, {"__name__": "__main__", "__builtins__": __builtins__})
'''

RESULT_MARK = "@@clairvoyant-result@@"
CALL_PAYLOAD = "_cv_call.json"

# Defines the payload's `code`, evaluates its `call`, prints RESULT_MARK + {"ok", "value"} as the last line.
CALL_DRIVER = r'''
import json as _json
with open("_cv_call.json", encoding="utf-8") as _f:
    _payload = _json.load(_f)
_ns = {"__name__": "__sandboxed__"}
try:
    exec(compile(_payload["code"], "<code>", "exec"), _ns)
    _result = {"ok": True, "value": repr(eval(compile(_payload["call"], "<call>", "eval"), _ns))}
except BaseException as _exc:
    _result = {"ok": False, "value": f"{type(_exc).__name__}: {_exc}" if str(_exc) else type(_exc).__name__}
print("\n@@clairvoyant-result@@" + _json.dumps(_result))
'''
