"""``clairvoyant bench lsp``: a scripted client types through a 2,000-line file against the real server.

1,000 ``didChange`` notifications with hover and code-action requests interleaved, as an editor sends them while
someone types. Reports latency percentiles, how many stale results were dropped, peak RSS and start-up time.
"""

from __future__ import annotations

import asyncio
import json
import platform
import time
from pathlib import Path
from tempfile import TemporaryDirectory

from ..client import ScriptedClient
from .stats import latency_summary

UNIT = '''
def scale_{i}(values, factor):
    """Multiply every value.

    >>> scale_{i}([1, 2, 3], {i})
    """
    out = []
    for v in values:
        if v == None:
            continue
        out.append(v * factor)
    return out


result_{i} = scale_{i}([1, 2, 3], {i})
'''


def add_parser(bench_subparsers) -> None:
    parser = bench_subparsers.add_parser("lsp", help="latency and memory of the server under a typing storm")
    parser.add_argument("--lines", type=int, default=2000, help="size of the document typed into")
    parser.add_argument("--changes", type=int, default=1000, help="number of didChange notifications")
    parser.add_argument("--every", type=int, default=5, help="send a hover and a code action every N changes")
    parser.add_argument("--interval-ms", type=float, default=30.0,
                        help="time between keystrokes (30 ms is a fast typist; 0 sends everything at once)")
    parser.add_argument("--verified", action="store_true",
                        help="verified mode: every hover also runs the call in the sandbox (as a trusted workspace)")
    parser.add_argument("--json", action="store_true", help="print one JSON object (the default output)")
    parser.set_defaults(func=run)


def make_document(lines: int) -> str:
    units, i = [], 0
    while sum(u.count("\n") for u in units) < lines:
        units.append(UNIT.format(i=i))
        i += 1
    return "".join(units)


def _rss_peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


async def _bench(lines: int, changes: int, every: int, interval_ms: float, verified: bool = False) -> dict:
    text = make_document(lines)
    hover_ms, action_ms, errors = [], [], 0
    with TemporaryDirectory() as tmp:
        root = Path(tmp)
        path = root / "storm.py"
        path.write_text(text)
        client = ScriptedClient()
        started = time.perf_counter()
        await client.start(root, {"prediction": {"verifiedMode": True}} if verified else None)
        uri = client.open(path)
        call_line = next(i for i, line in enumerate(text.splitlines()) if line.startswith("result_0"))
        first = await client.hover(uri, call_line, 11)
        startup_ms = (time.perf_counter() - started) * 1000
        pid = client.client._server.pid
        doc_lines = text.split("\n")
        pending: list[asyncio.Task] = []

        async def timed(kind: str, coro):
            nonlocal errors
            t0 = time.perf_counter()
            try:
                await coro
            except Exception:  # noqa: BLE001 - ContentModified for stale requests is expected
                errors += 1
                return
            (hover_ms if kind == "hover" else action_ms).append((time.perf_counter() - t0) * 1000)

        typing_line = 0
        for n in range(changes):
            if n % 60 == 0:  # start typing a new comment somewhere else in the file
                typing_line = (n * 37) % len(doc_lines)
                doc_lines.insert(typing_line, "# ")
            doc_lines[typing_line] += "abcdefghij"[n % 10]
            client.change(uri, "\n".join(doc_lines))
            if n % every == 0:
                line = (n * 13) % len(doc_lines)
                pending.append(asyncio.ensure_future(timed("hover", client.hover(uri, call_line, 11))))
                pending.append(asyncio.ensure_future(timed("action", client.code_actions(uri, line, line + 20))))
            await asyncio.sleep(interval_ms / 1000)
        await asyncio.gather(*pending)
        status = await client.command("clairvoyant.status")
        rss = _rss_peak_mb(pid)
        await client.stop()
    return {
        "hover_ms": latency_summary(hover_ms),
        "code_action_ms": latency_summary(action_ms),
        "dropped_stale": status["stats"]["dropped_stale"],
        "request_errors": errors,
        "rss_mb_peak": rss,
        "startup_ms": round(startup_ms, 1),
        "first_hover_ok": first is not None,
        "document_lines": len(doc_lines),
        "changes": changes,
        "interval_ms": interval_ms,
        "machine": f"{platform.machine()} {platform.system()}, {__import__('os').cpu_count()} cores",
    }


def run(args) -> int:
    result = asyncio.run(_bench(args.lines, args.changes, args.every, args.interval_ms, args.verified))
    print(json.dumps({**result, "verified_mode": args.verified}, indent=2))
    return 0
