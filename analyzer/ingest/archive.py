"""Expand paths into Sources: folders recursively, zip archives member by member, with bomb limits."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import IO, Iterable, Iterator

from ..limits import DEFAULT_LIMITS, Limits
from ..records import ReadError
from .source import MAX_FILE_BYTES, Source

MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_TOTAL_BYTES = 4 * 1024**3
MAX_ZIP_RATIO = 200  # uncompressed / compressed; higher smells like a zip bomb
MAX_ZIP_DEPTH = 2  # zips inside zips

FOLDER_EXTENSIONS = frozenset(
    ".pdf .docx .txt .text .md .markdown .html .htm .eml .mbox .mbx .msg .zip".split())
_SKIP_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def iter_sources(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Source | ReadError]:
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield ReadError(str(path), "not_found", "no such file or directory")
        elif path.is_dir():
            for sub in sorted(p for p in path.rglob("*") if p.is_file()):
                if _skip(sub.name):
                    continue
                if sub.suffix and sub.suffix.lower() not in FOLDER_EXTENSIONS:
                    # Inside a folder only document and mail formats are read; a file named explicitly is sniffed.
                    yield ReadError(str(sub), "skipped", f"skipped: {sub.suffix} is not a supported format", "warning")
                    continue
                yield from _expand(Source.from_path(sub, limits), depth=0)
        else:
            yield from _expand(Source.from_path(path, limits), depth=0)


def _skip(name: str) -> bool:
    return name in _SKIP_NAMES or name.startswith(("._", "~$"))


def _expand(src: Source, depth: int) -> Iterator[Source | ReadError]:
    if src.suffix == ".zip" or _is_plain_zip(src):
        yield from _zip_members(src, depth)
    else:
        yield src


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
    try:
        with src.open() as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            yield ReadError(src.name, "too_large", "zip archive larger than the limit")
            return
        import io

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
        if info.file_size > MAX_FILE_BYTES:
            yield ReadError(name, "too_large", f"member is {info.file_size:,} bytes")
            continue
        member = Source(name=name, open=_opener(zf, info), size=info.file_size, limits=src.limits)
        yield from _expand(member, depth + 1) if info.filename.lower().endswith(".zip") else [member]


def _opener(zf: zipfile.ZipFile, info: zipfile.ZipInfo):
    def open_member() -> IO[bytes]:
        import io

        import zlib

        # Read fully so the stream is seekable (pdfplumber, olefile need seek); size was checked above.
        try:
            return io.BytesIO(zf.read(info))
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
            raise OSError(f"corrupt zip member: {exc}") from exc

    return open_member
