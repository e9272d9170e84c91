"""Per-file resource limits: what one input may cost before it becomes a clear per-file record instead of taking
the batch (or the machine) down. Every stage reads them from the Source it was given (`Source.limits`); the CLI
sets them with `--max-pages`, `--max-chars`, `--max-memory`, `--timeout` and `--follow-symlinks`."""
from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 512 * MB  # whole-file readers (PDF, DOCX, MSG, EML, text); a bigger file is refused
    max_stream_bytes: int = 64 * 1024 * MB  # streamed readers (MBOX)
    max_pages: int = 1_000  # PDF pages (layout reading runs ~20 pages/s: a 1,000-page file takes about a minute)
    max_chars: int = 20_000_000  # characters of one document's text (after extraction)
    max_expansion: float = 100.0  # uncompressed / compressed bytes of a DOCX's XML parts (zip-bomb guard)
    max_memory_mb: int = 1_024  # resident memory of the isolated reader process (PDF, DOCX, MSG)
    timeout_s: float = 120.0  # wall time to read one file in the isolated reader process
    follow_symlinks: bool = False  # follow links that point outside the folder being read
    isolate: bool = True  # read PDF/DOCX/MSG in a watched child process (memory and time limits enforced)

    def describe(self) -> str:
        return (f"pages {self.max_pages:,}, characters {self.max_chars:,}, expansion {self.max_expansion:g}x, "
                f"memory {self.max_memory_mb:,} MB, time {self.timeout_s:g} s")


DEFAULT_LIMITS = Limits()
