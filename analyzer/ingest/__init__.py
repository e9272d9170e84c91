"""Ingestion: any supported file (or folder, or zip) -> Documents, with expected failures as ReadError values.

    for item in read_paths(["contracts/", "export.mbox"]):
        if isinstance(item, ReadError): ...
        else: document = item
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Iterator

from ..limits import DEFAULT_LIMITS, Limits
from ..records import Document, ReadError
from .archive import iter_sources
from .dispatch import READERS, reader_for, read_source
from .sniff import sniff
from .source import Source

def read(path: str | Path) -> Iterator[Document | ReadError]:
    """Read one path (file, folder or zip)."""
    return read_paths([path])


def read_paths(paths: Iterable[str | Path], limits: Limits = DEFAULT_LIMITS) -> Iterator[Document | ReadError]:
    """Expand folders (recursively) and zips, then read every file in a stable order."""
    for item in iter_sources(paths, limits):
        if isinstance(item, ReadError):
            yield item
        else:
            yield from read_source(item)


__all__ = ["read", "read_paths", "read_source", "sniff", "Source", "READERS", "reader_for"]
