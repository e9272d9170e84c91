"""One file -> its Documents: sniff the format, pick the reader from the format registry (in the watched child
process for the formats that can blow up), and turn every expected failure into one ReadError."""
from __future__ import annotations

import logging
from typing import Callable, Iterator

from ..records import Document, ReadError
from . import formats
from .isolation import read_isolated
from .sniff import sniff
from .source import Source, TooLarge

log = logging.getLogger(__name__)

Reader = Callable[[Source], Iterator["Document | ReadError"]]

# format -> "module:function", from the format registry (formats.py); readers are imported on first use, so a
# text-only run never loads pdfplumber or extract-msg.
READERS: dict[str, str] = {f.name: f.reader for f in formats.all_formats() if f.reader}


def reader_for(fmt: str) -> Reader:
    return formats.reader_for(fmt)


def read_source(src: Source) -> Iterator[Document | ReadError]:
    """Read one file. Never raises for bad input: every failure becomes one ReadError."""
    try:
        if src.size == 0:
            yield ReadError(src.name, "empty", "empty file (0 bytes)")
            return
        fmt = sniff(src)
        if not formats.readable(fmt):  # unknown, or an archive that is not one (expanded before reading)
            yield ReadError(src.name, "unknown_type", "unknown or unsupported file type")
            return
        reader = reader_for(fmt)
        if src.limits.isolate and formats.is_isolated(fmt):
            # parsers that can blow up run in a watched child (memory and time limits): analyzer.ingest.isolation
            def reader(s: Source, fmt: str = fmt) -> Iterator[Document | ReadError]:
                return iter(read_isolated(s, fmt))
    except FileNotFoundError:  # deleted after the folder was listed
        yield ReadError(src.name, "not_found", "no such file or directory (deleted while reading?)")
        return
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
    failure: ReadError | None = None
    try:
        for item in reader(src):
            produced = True
            yield _within_limits(item, src)
    except TooLarge as exc:
        failure = ReadError(src.name, "too_large", str(exc))
    except MemoryError:
        failure = ReadError(src.name, "too_large", f"ran out of memory reading this {fmt} file: too large or too "
                            f"complex (limits: {src.limits.describe()})")
    except ImportError as exc:
        failure = ReadError(src.name, "missing_dependency", str(exc))
    except OSError as exc:  # the file itself went away or became unreadable half-way
        failure = ReadError(src.name, "unreadable", f"could not read {fmt}: {exc}"[:300])
    except Exception as exc:  # noqa: BLE001 - last line of defence: one bad file must not stop a batch
        log.debug("reader %s failed on %s", fmt, src.name, exc_info=True)
        failure = ReadError(src.name, "corrupt", f"could not read {fmt}: {type(exc).__name__}: {exc}"[:300])
    if failure is not None:
        yield failure
    elif not produced:
        yield ReadError(src.name, "empty", "no text found")


def _within_limits(item: Document | ReadError, src: Source) -> Document | ReadError:
    """A Document longer than the character limit becomes one clear error (segmentation and scoring scale with it)."""
    limit = src.limits.max_chars
    if isinstance(item, Document) and len(item.text) > limit:
        position = item.email.position if item.email is not None else None
        name = item.source if position is None else f"{item.source}#{position}"  # as mbox names its records
        return ReadError(name, "too_large",
                         f"{len(item.text):,} characters; the limit is {limit:,} (--max-chars)")
    return item
