"""One writer per store: an advisory lock on `<store>.lock`, holding who writes (run, process, since when).

DuckDB's own file lock only says "Conflicting lock is held"; this one lets the second run say which run holds the
store and since when. The kernel drops a flock when its process dies (kill -9 included), so a crashed run never
leaves the store locked.
"""
from __future__ import annotations

import fcntl
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from .errors import StoreBusy


class WriterLock:
    def __init__(self, store_path: str):
        self.path = Path(f"{store_path}.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self.holder()
            os.close(fd)
            raise StoreBusy(f"the store {self.path.with_suffix('')} is in use by {holder}; wait for it to finish "
                            "or use another --db") from None
        self._fd = fd
        self.describe(None)

    def describe(self, run_id: str | None) -> None:
        """Record who holds the lock (read by a second run to explain why it cannot write)."""
        if self._fd is None:
            return
        info = {"run_id": run_id, "pid": os.getpid(), "since": datetime.now(timezone.utc).isoformat(timespec="seconds")}
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, json.dumps(info).encode(), 0)

    def holder(self) -> str:
        try:
            info = json.loads(self.path.read_text() or "{}")
        except (OSError, ValueError):
            info = {}
        run = f"run {info['run_id'][:12]}" if info.get("run_id") else "another process"
        pid = f" (pid {info['pid']})" if info.get("pid") else ""
        since = f" since {info['since'].replace('T', ' ')}" if info.get("since") else ""
        return f"{run}{pid}{since}"

    def release(self) -> None:
        if self._fd is not None:
            try:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            finally:
                os.close(self._fd)
                self._fd = None
