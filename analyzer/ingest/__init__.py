"""Ingestion: any supported file (or folder, or zip) -> Documents, with expected failures as ReadError values.

    for item in read_paths(["contracts/", "export.mbox"]):
        if isinstance(item, ReadError): ...
        else: document = item
"""
from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Callable, Iterable, Iterator

from ..records import Document, ReadError
from .archive import iter_sources
from .isolation import ISOLATED_FORMATS, read_isolated
from .sniff import sniff
from .source import Source, TooLarge

log = logging.getLogger(__name__)

Reader = Callable[[Source], Iterator["Document | ReadError"]]

# format -> "module:function"; imported on first use so a text-only run never loads pdfplumber or extract-msg.
READERS: dict[str, str] = {
    "pdf": "analyzer.ingest.pdf:read_pdf",
    "docx": "analyzer.ingest.docx:read_docx",
    "text": "analyzer.ingest.text:read_text",
    "html": "analyzer.ingest.text:read_html",
    "eml": "analyzer.ingest.eml:read_eml",
    "mbox": "analyzer.ingest.mbox:read_mbox",
    "msg": "analyzer.ingest.msg:read_msg",
}


def reader_for(fmt: str) -> Reader:
    module, func = READERS[fmt].split(":")
    return getattr(importlib.import_module(module), func)


def read_source(src: Source) -> Iterator[Document | ReadError]:
    """Read one file. Never raises for bad input: every failure becomes one ReadError."""
    try:
        if src.size == 0:
            yield ReadError(src.name, "empty", "empty file (0 bytes)")
            return
        fmt = sniff(src)
        if fmt is None or fmt == "zip":
            yield ReadError(src.name, "unknown_type", "unknown or unsupported file type")
            return
        reader = reader_for(fmt)
        if src.limits.isolate and fmt in ISOLATED_FORMATS:
            # parsers that can blow up run in a watched child (memory and time limits): analyzer.ingest.isolation
            def reader(s: Source, fmt: str = fmt) -> Iterator[Document | ReadError]:
                return iter(read_isolated(s, fmt))
    except (OSError, TooLarge) as exc:
        yield ReadError(src.name, "unreadable", str(exc))
        return
    except ImportError as exc:
        yield ReadError(src.name, "missing_dependency", f"{exc}")
        return
    except Exception as exc:  # noqa: BLE001 - a sniffing failure is still this file's problem only
        yield ReadError(src.name, "corrupt", f"could not identify file: {type(exc).__name__}: {exc}"[:300])
        return
    produced = False
    try:
        for item in reader(src):
            produced = True
            yield item
    except TooLarge as exc:
        yield ReadError(src.name, "too_large", str(exc))
    except ImportError as exc:
        yield ReadError(src.name, "missing_dependency", str(exc))
    except Exception as exc:  # noqa: BLE001 - last line of defence: one bad file must not stop a batch
        log.debug("reader %s failed on %s", fmt, src.name, exc_info=True)
        yield ReadError(src.name, "corrupt", f"could not read {fmt}: {type(exc).__name__}: {exc}"[:300])
        return
    if not produced:
        yield ReadError(src.name, "empty", "no text found")


def read(path: str | Path) -> Iterator[Document | ReadError]:
    """Read one path (file, folder or zip)."""
    return read_paths([path])


def read_paths(paths: Iterable[str | Path]) -> Iterator[Document | ReadError]:
    """Expand folders (recursively) and zips, then read every file in a stable order."""
    for item in iter_sources(paths):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_source(item)


__all__ = ["read", "read_paths", "read_source", "sniff", "Source", "READERS", "reader_for"]
