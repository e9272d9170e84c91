"""A readable input: a file on disk or a member of an archive, opened lazily as a binary stream."""
from __future__ import annotations

import errno
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Callable

from ..limits import DEFAULT_LIMITS, Limits
from ..records import ReadError

# Defaults of the per-file limits (a Source carries the run's own in `limits`).
MAX_FILE_BYTES = DEFAULT_LIMITS.max_file_bytes
MAX_STREAM_BYTES = DEFAULT_LIMITS.max_stream_bytes
SNIFF_BYTES = 4096


@dataclass
class Source:
    """`name` is what users see (path, or "archive.zip!member"); `open()` returns a fresh binary stream."""

    name: str
    open: Callable[[], IO[bytes]]
    size: int
    _sha256: str | None = field(default=None, repr=False)
    limits: Limits = field(default=DEFAULT_LIMITS, repr=False)
    path: str | None = field(default=None, repr=False)  # the file on disk, when there is one (not a zip member)

    @classmethod
    def from_path(cls, path: str | Path, limits: Limits = DEFAULT_LIMITS, size: int | None = None) -> "Source":
        p = Path(path)
        size = p.stat().st_size if size is None else size
        return cls(name=str(p), open=lambda: open_regular(p), size=size, limits=limits, path=str(p))

    @classmethod
    def from_bytes(cls, name: str, data: bytes, limits: Limits = DEFAULT_LIMITS) -> "Source":
        import io

        return cls(name=name, open=lambda: io.BytesIO(data), size=len(data), limits=limits)

    @property
    def suffix(self) -> str:
        return Path(self.name.rsplit("!", 1)[-1]).suffix.lower()

    def head(self, n: int = SNIFF_BYTES) -> bytes:
        with self.open() as fh:
            return fh.read(n)

    def read_bytes(self, limit: int | None = None) -> bytes:
        """Whole content; raises TooLarge beyond `limit` so one huge file cannot take the batch down."""
        limit = self.limits.max_file_bytes if limit is None else limit
        if self.size > limit:
            raise TooLarge(f"file is {self.size:,} bytes; the limit is {limit:,}")
        with self.open() as fh:
            data = fh.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"file exceeds the limit of {limit:,} bytes")
        return data

    @property
    def sha256(self) -> str:
        """sha256 of the bytes, streamed in chunks (mailboxes may be many GB)."""
        if self._sha256 is None:
            h = hashlib.sha256()
            with self.open() as fh:
                for chunk in iter(lambda: fh.read(1 << 20), b""):
                    h.update(chunk)
            self._sha256 = h.hexdigest()
        return self._sha256


def open_regular(path: str | Path) -> IO[bytes]:
    """Open a file for reading only if it is a regular file. Non-blocking open, so a FIFO swapped in after the
    folder was listed cannot block; /dev/zero and the like are refused instead of read forever."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise OSError(f"not a regular file: {path}")
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def os_error_record(name: str | Path, exc: OSError) -> ReadError:
    """The one record for a file that cannot be listed, opened or read (vanished, unreadable, a link loop)."""
    if isinstance(exc, FileNotFoundError):
        return ReadError(str(name), "not_found", "no such file or directory")
    if exc.errno == errno.ELOOP:
        return ReadError(str(name), "symlink_loop", "symbolic link loop")
    return ReadError(str(name), "unreadable", f"unreadable: {exc.strerror or exc}")


class TooLarge(Exception):
    """Input beyond a configured size limit."""
