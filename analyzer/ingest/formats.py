"""The format registry: every input format with its extensions, reader, and how it is handled.

Adding a format is one `Format(...)` entry here plus its reader module; folder walking (archive.py), sniffing by
extension (sniff.py), reader dispatch and isolation (__init__.py) and the app's uploader read this table. Content
sniffing of the built-in formats stays in sniff.py; a new format that content alone can tell apart brings its own
`sniffer`, and a text-based one (`text_based`) is recognised by its extension when its bytes look like text.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Literal

Container = Literal["archive", "mailbox"]


@dataclass(frozen=True)
class Format:
    name: str
    title: str  # how users know it ("PDF", "Outlook MSG")
    extensions: tuple[str, ...]  # lower case, with the dot; the first is the usual one
    reader: str | None  # "module:function" yielding Documents/ReadErrors, imported on first use; None: not read itself
    holds: Literal["contract", "email", "files"]  # contracts, correspondence, or other files (an archive)
    container: Container | None = None  # archive: its members are files (expanded by archive.py); mailbox: one file,
    # many messages (read in order by the run driver: threading and duplicates need them in order)
    isolated: bool = False  # read in the watched child process (isolation.py): parsers that can blow up
    text_based: bool = False  # plain text underneath: the extension decides when the bytes look like any text
    sniffer: str | None = None  # "module:function"(head: bytes) -> bool, tried before the built-in content rules


REGISTRY: tuple[Format, ...] = (
    Format("pdf", "PDF", (".pdf",), "analyzer.ingest.pdf:read_pdf", "contract", isolated=True),
    Format("docx", "Word DOCX", (".docx",), "analyzer.ingest.docx:read_docx", "contract", isolated=True),
    Format("text", "plain text", (".txt", ".md", ".markdown", ".text"), "analyzer.ingest.text:read_text",
           "contract", text_based=True),
    Format("html", "HTML", (".html", ".htm"), "analyzer.ingest.text:read_html", "contract", text_based=True),
    Format("eml", "EML", (".eml",), "analyzer.ingest.eml:read_eml", "email", text_based=True),
    Format("mbox", "MBOX", (".mbox", ".mbx"), "analyzer.ingest.mbox:read_mbox", "email", container="mailbox",
           text_based=True),
    Format("msg", "Outlook MSG", (".msg",), "analyzer.ingest.msg:read_msg", "email", isolated=True),
    Format("zip", "ZIP", (".zip",), None, "files", container="archive"),
)


def all_formats() -> tuple[Format, ...]:
    return REGISTRY


def get(name: str) -> Format:
    for f in REGISTRY:
        if f.name == name:
            return f
    raise KeyError(f"unknown format {name!r}; known: {', '.join(f.name for f in REGISTRY)}")


def by_extension(suffix: str) -> Format | None:
    """The format a file extension (".PDF", ".pdf") names, or None."""
    suffix = suffix.lower()
    return next((f for f in REGISTRY if suffix in f.extensions), None)


def extensions() -> frozenset[str]:
    """Every registered extension: what a folder walk reads (other files in a folder are skipped)."""
    return frozenset(e for f in REGISTRY for e in f.extensions)


def upload_types() -> tuple[str, ...]:
    """Extensions without the dot, in registry order (the app's uploader list)."""
    return tuple(e.lstrip(".") for f in REGISTRY for e in f.extensions)


def readable(name: str | None) -> bool:
    """A format whose files are read by a reader (not unknown, not an archive to expand)."""
    return name is not None and get(name).reader is not None


def reader_for(name: str) -> Callable:
    module, func = _reader_path(name).split(":")
    return getattr(importlib.import_module(module), func)


def _reader_path(name: str) -> str:
    path = get(name).reader
    if path is None:
        raise KeyError(f"format {name!r} has no reader (it is expanded, not read)")
    return path


def is_isolated(name: str) -> bool:
    return get(name).isolated


def is_container(name: str | None, container: Container) -> bool:
    return name is not None and get(name).container == container


def sniffers() -> list[tuple[str, Callable[[bytes], bool]]]:
    """(format, content test) of the formats that bring their own."""
    out = []
    for f in REGISTRY:
        if f.sniffer:
            module, func = f.sniffer.split(":")
            out.append((f.name, getattr(importlib.import_module(module), func)))
    return out


def titles(holds: str) -> list[str]:
    """Titles of the formats holding contracts / email / files, for help texts."""
    return [f.title for f in REGISTRY if f.holds == holds]
