"""Expand paths into Sources: folders recursively, zip archives member by member, with bomb limits.

Only regular files are read: a FIFO would block and /dev/zero would never end. A folder walk does not follow
symbolic links out of the folder unless `Limits.follow_symlinks`, and every entry it skips leaves a record.
"""
from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..limits import DEFAULT_LIMITS, Limits
from ..records import ReadError
from . import formats
from .source import Source, os_error_record

MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL_BYTES = 4 * 1024**3
MAX_ZIP_RATIO = 200  # uncompressed / compressed; higher smells like a zip bomb
MAX_ZIP_DEPTH = 2  # zips inside zips

_SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def iter_sources(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Source | ReadError]:
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)  # a path named by the user is followed wherever it points
        except OSError as exc:
            yield os_error_record(path, exc)
            continue
        if is_dir:
            yield from _walk(path, limits)
        else:
            yield from _file(path, limits, in_folder=False)


def _walk(root: Path, limits: Limits) -> Iterator[Source | ReadError]:
    """Every file under `root` in sorted path order (as a sorted rglob), with records for what is skipped."""
    entries: list[tuple[Path, ReadError | None]] = []  # None: a file to read; else the record to report
    top = os.path.realpath(root)
    seen_dirs = {top}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                children = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            entries.append((folder, ReadError(str(folder), "unreadable",
                                              f"unreadable folder: {exc.strerror or exc}; skipped")))
            continue
        for entry in children:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    step = _link(path, top, seen_dirs, limits)
                    if isinstance(step, ReadError):
                        entries.append((path, step))
                    elif step:  # a followed link to a folder
                        pending.append(path)
                    else:
                        entries.append((path, None))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(path)
                else:
                    entries.append((path, None))
            except OSError as exc:  # vanished or unreadable between listing and looking at it
                entries.append((path, os_error_record(path, exc)))
    for path, record in sorted(entries, key=lambda e: e[0]):
        if record is not None:
            yield record
        elif not _skip(path.name):
            yield from _file(path, limits, in_folder=True)


def _link(path: Path, top: str, seen_dirs: set[str], limits: Limits) -> bool | ReadError:
    """Decide on a symbolic link in a folder: True to walk it as a folder, False to read it as a file, or a record."""
    try:
        target = os.path.realpath(path, strict=True)
        is_dir = os.path.isdir(target)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ReadError(str(path), "symlink_loop", "skipped: symbolic link loop", "warning")
        return ReadError(str(path), "not_found", f"skipped: broken symbolic link ({exc.strerror or exc})", "warning")
    inside = _within(target, top)
    if not inside and not limits.follow_symlinks:
        return ReadError(str(path), "skipped", f"skipped: symbolic link to outside the folder ({target}); "
                         "use --follow-symlinks to read it", "warning")
    if not is_dir:
        return False
    if inside or target in seen_dirs:
        # Inside the folder it is read under its real path; walking it again would duplicate it, or loop.
        if _within(os.path.realpath(path.parent), target):
            return ReadError(str(path), "symlink_loop", "skipped: symbolic link loop (to a folder above it)", "warning")
        return ReadError(str(path), "skipped", f"skipped: symbolic link to a folder read already ({target})", "warning")
    seen_dirs.add(target)
    return True


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _file(path: Path, limits: Limits, in_folder: bool) -> Iterator[Source | ReadError]:
    try:
        st = path.stat()
    except OSError as exc:
        yield os_error_record(path, exc)
        return
    if not stat.S_ISREG(st.st_mode):
        yield ReadError(str(path), "not_regular", f"not a regular file ({_kind(st.st_mode)}); skipped",
                        "warning" if in_folder else "error")
        return
    if in_folder and path.suffix and path.suffix.lower() not in formats.extensions():
        # Inside a folder only document and mail formats are read; a file named explicitly is sniffed.
        yield ReadError(str(path), "skipped", f"skipped: {path.suffix} is not a supported format", "warning")
        return
    yield from _expand(Source.from_path(path, limits=limits, size=st.st_size), depth=0)


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "FIFO"), (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
                       (stat.S_ISSOCK, "socket"), (stat.S_ISDIR, "folder")):
        if test(mode):
            return name
    return "special file"


def _skip(name: str) -> bool:
    return name in _SKIP_NAMES or name.startswith(("._", "~$"))


def _expand(src: Source, depth: int) -> Iterator[Source | ReadError]:
    if _named_archive(src.name) or _is_plain_zip(src):
        yield from _zip_members(src, depth)
    else:
        yield src


def _named_archive(name: str) -> bool:
    """Named like an archive (a zip): "a.ZIP", "batch.zip!inner/b.zip"."""
    named = formats.by_extension(Path(name.rsplit("!", 1)[-1]).suffix)
    return named is not None and named.container == "archive"


def _is_plain_zip(src: Source) -> bool:
    from .sniff import sniff

    try:
        head = src.head(4)
        return head.startswith(b"PK") and sniff(src) == "zip"
    except OSError:
        return False


def _zip_members(src: Source, depth: int) -> Iterator[Source | ReadError]:
    if depth >= MAX_ZIP_DEPTH:
        yield ReadError(src.name, "too_deep", f"zip nested deeper than {MAX_ZIP_DEPTH} levels")
        return
    limit = src.limits.max_file_bytes
    try:
        with src.open() as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        yield os_error_record(src.name, exc)
        return
    if len(data) > limit:
        yield ReadError(src.name, "too_large", f"zip archive larger than the limit of {limit:,} bytes")
        return
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in zf.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        yield ReadError(src.name, "corrupt", f"corrupt zip archive: {exc}")
        return
    if len(infos) > MAX_ZIP_MEMBERS:
        yield ReadError(src.name, "zip_bomb", f"{len(infos)} members; the limit is {MAX_ZIP_MEMBERS}")
        return
    total = sum(i.file_size for i in infos)
    packed = max(1, sum(i.compress_size for i in infos))
    if total > MAX_ZIP_TOTAL_BYTES or total / packed > MAX_ZIP_RATIO:
        yield ReadError(src.name, "zip_bomb", f"expands to {total:,} bytes ({total / packed:.0f}x); refused")
        return
    for info in sorted(infos, key=lambda i: i.filename):
        name = f"{src.name}!{info.filename}"
        base = os.path.basename(info.filename)
        if _skip(base) or info.filename.startswith("__MACOSX/"):
            continue
        if info.flag_bits & 0x1:
            yield ReadError(name, "encrypted", "encrypted: password required")
            continue
        if info.file_size > limit:
            yield ReadError(name, "too_large", f"member is {info.file_size:,} bytes; the limit is {limit:,}")
            continue
        member = Source(name=name, open=_opener(zf, info), size=info.file_size, limits=src.limits)
        yield from _expand(member, depth + 1) if _named_archive(info.filename) else [member]


def _opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    def open_member() -> IO[bytes]:
        import zlib

        # Read fully so the stream is seekable (pdfplumber, olefile need seek); size was checked above.
        try:
            return io.BytesIO(zf.read(info))
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise OSError(f"corrupt zip member: {exc}") from exc

    return open_member
