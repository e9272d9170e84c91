"""Files -> Documents -> Segments, streaming, with per-file errors kept as values and run statistics."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from .ingest import read_source
from .ingest.archive import iter_sources
from .ingest.source import Source
from .limits import DEFAULT_LIMITS, Limits
from .records import Document, ReadError, Segment, file_of
from .segment import segment


@dataclass
class ExtractStats:
    files: set[str] = field(default_factory=set)
    documents: int = 0
    messages: int = 0
    pages: int = 0
    segments: int = 0
    warnings: int = 0
    errors: int = 0
    failed_files: set[str] = field(default_factory=set)

    def as_row(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "messages": self.messages,
            "pages": self.pages,
            "segments": self.segments,
            "warnings": self.warnings,
            "errors": self.errors,
        }


@dataclass
class Extracted:
    document: Document
    segments: list[Segment]


def extract(paths: Iterable[str | Path], stats: ExtractStats | None = None, limits: Limits = DEFAULT_LIMITS
            ) -> Iterator[Extracted | ReadError]:
    """Stream every document's segments, and every per-file error, in input order."""
    return extract_sources(iter_sources(paths, limits=limits), stats)


def extract_sources(sources: Iterable[Source | ReadError], stats: ExtractStats | None = None
                    ) -> Iterator[Extracted | ReadError]:
    stats = stats if stats is not None else ExtractStats()
    for src in sources:
        yield from extract_source(src, stats)


def extract_source(src: Source | ReadError, stats: ExtractStats) -> Iterator[Extracted | ReadError]:
    for item in ([src] if isinstance(src, ReadError) else read_source(src)):
        if isinstance(item, ReadError):
            if item.severity == "warning":
                stats.warnings += 1
            else:
                stats.errors += 1
                stats.failed_files.add(file_of(item.source))
            yield item
            continue
        segs = segment(item)
        stats.files.add(file_of(item.source))
        stats.documents += 1
        stats.messages += item.kind == "email"
        stats.pages += int(item.metadata.get("pages", 0) or 0)
        stats.segments += len(segs)
        stats.warnings += len(item.warnings)
        yield Extracted(item, segs)
