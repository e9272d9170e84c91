"""Read the formats whose parsers can blow up (PDF, DOCX, MSG) in a watched child process.

pdfminer, lxml and olefile run arbitrary amounts of work on small hostile files (a 19 KB PDF page that needs 3 GB,
a DOCX whose XML expands 5,000x). Limits checked before parsing catch the known shapes; this catches the rest: the
child is killed when its resident memory passes `Limits.max_memory_mb` or a file takes longer than
`Limits.timeout_s`, and that file becomes one clear ReadError while the batch goes on (a new child starts for the
next file). The child is started on first use and reused, so its imports are paid once per process.

Requests and replies travel as length-prefixed JSON (never pickle: the child parses untrusted input).
"""
from __future__ import annotations

import atexit
import json
import logging
import os
import select
import struct
import subprocess
import sys
import threading
import time
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from ..limits import Limits
from ..records import Block, Document, EmailMeta, ReadError
from .source import Source

log = logging.getLogger(__name__)

_POLL_S = 0.01  # how often the parent checks the child's memory while it works
_HEADER = struct.Struct("!Q")


class _ChildFailed(Exception):
    """The child died or was killed; the message says why, for the file's ReadError."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


# ---- the wire format ---------------------------------------------------------------------------------------------
def _limits_to_wire(limits: Limits) -> dict:
    return asdict(limits)


def item_to_wire(item: Document | ReadError) -> dict:
    if isinstance(item, ReadError):
        return {"type": "error", **asdict(item)}
    return {"type": "document", **asdict(item)}


def _item_from_wire(d: dict) -> Document | ReadError:
    kind = d.pop("type")
    if kind == "error":
        return ReadError(**d)
    d["blocks"] = [Block(**b) for b in d.get("blocks") or []]
    d["email"] = EmailMeta(**d["email"]) if d.get("email") else None
    known = {f.name for f in fields(Document)}
    return Document(**{k: v for k, v in d.items() if k in known})


def send(fd: int, obj: Any) -> None:
    data = json.dumps(obj, ensure_ascii=False).encode("utf-8", "surrogatepass")
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def recv(fd: int) -> Any:
    (n,) = _HEADER.unpack(_read_exact(fd, _HEADER.size))
    return json.loads(_read_exact(fd, n).decode("utf-8", "surrogatepass"))


def _read_exact(fd: int, n: int) -> bytes:
    parts, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError("pipe closed")
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


class _Child:
    def __init__(self) -> None:
        # -P: the caller's working folder must not shadow modules in the child; the child imports this very package
        package_root = str(Path(__file__).resolve().parents[2])
        path = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)
        env = {**os.environ, "PYTHONWARNINGS": "ignore", "OMP_NUM_THREADS": "1", "PYTHONPATH": path}
        self.proc = subprocess.Popen(
            [sys.executable, "-P", "-c", "from analyzer.ingest.isolation_child import serve; serve()"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, bufsize=0)
        self.page = os.sysconf("SC_PAGE_SIZE")

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.proc.pid}/statm", "rb") as fh:
                return int(fh.read().split()[1]) * self.page / (1024 * 1024)
        except (OSError, IndexError, ValueError):
            return 0.0

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def read(self, request: dict, limits: Limits) -> list[dict]:
        send(self.proc.stdin.fileno(), request)
        out = self.proc.stdout.fileno()
        started = time.monotonic()
        while True:
            ready, _, _ = select.select([out], [], [], _POLL_S)
            if ready:
                try:
                    return recv(out)
                except (EOFError, ValueError) as exc:
                    raise self._died() from exc
            if self.proc.poll() is not None:
                raise self._died()
            if self.rss_mb() > limits.max_memory_mb:
                self.kill()
                raise _ChildFailed("too_large", f"reading needed more than {limits.max_memory_mb:,} MB of memory "
                                                f"(--max-memory); skipped")
            if time.monotonic() - started > limits.timeout_s:
                self.kill()
                raise _ChildFailed("timeout", f"reading took longer than {limits.timeout_s:g} s (--timeout); skipped")

    def _died(self) -> _ChildFailed:
        code = self.proc.poll()
        self.kill()
        if code is None:
            how = "it sent an unreadable reply"
        else:
            how = f"signal {-code}" if code < 0 else f"exit code {code}"
        return _ChildFailed("corrupt", f"the reader crashed on this file ({how}); skipped")


_child: _Child | None = None
_lock = threading.Lock()


def _close_child() -> None:
    global _child
    if _child is not None:
        _child.kill()
        _child = None


atexit.register(_close_child)


def read_isolated(src: Source, fmt: str) -> list[Document | ReadError]:
    """Read `src` in the watched child process; limits are the Source's own. Expected failures are ReadErrors."""
    global _child
    request = {"fmt": fmt, "name": src.name, "size": src.size, "sha256": src._sha256,
               "limits": _limits_to_wire(src.limits)}
    tmp = None
    if src.path:
        request["path"] = os.path.abspath(src.path)
    else:  # a zip member: hand it over as a private temporary file
        import tempfile

        with tempfile.NamedTemporaryFile(prefix="tone-analyzer-", delete=False) as fh:
            fh.write(src.read_bytes())
        tmp = request["path"] = fh.name
    try:
        with _lock:
            if _child is None or _child.proc.poll() is not None:
                _child = _Child()
            try:
                items = _child.read(request, src.limits)
            except _ChildFailed as exc:
                _child = None
                return [ReadError(src.name, exc.code, exc.message)]
    finally:
        if tmp:
            os.unlink(tmp)
    return [_item_from_wire(d) for d in items]
