"""Upload handling without Streamlit: (name, bytes) pairs -> size check -> files in a temp folder -> analyze()."""
from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from analyzer.ingest.formats import upload_types

MB = 1024 * 1024


@dataclass
class UploadBatch:
    folder: Path | None = None
    saved: list[Path] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)  # (file name, message shown to the user)

    def cleanup(self) -> None:
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def too_big_message(name: str, size: int, max_mb: int) -> str:
    return (f"{name} is {size / MB:.1f} MB, over the upload limit of {max_mb} MB per file. Split the archive, or "
            f"raise the limit with the TONE_MAX_UPLOAD_MB environment variable (or use the command line: "
            f"`tone-analyzer analyze PATH --db ...`).")


def safe_name(name: str) -> str:
    """The file name only (no folders from the browser), with odd characters replaced."""
    base = Path(name.replace("\\", "/")).name.strip() or "upload"
    base = re.sub(r"[^\w.\- ()+@]", "_", base)
    return base.lstrip(".") or "upload"


def save_uploads(items: Iterable[tuple[str, bytes]], max_mb: int, folder: Path | None = None) -> UploadBatch:
    """Check each upload against the size limit and type list, and write the accepted ones to a fresh temp folder
    (original names kept: they show up as the document source)."""
    batch = UploadBatch()
    for name, data in items:
        if len(data) > max_mb * MB:
            batch.rejected.append((name, too_big_message(name, len(data), max_mb)))
            continue
        ext = Path(name).suffix.lower().lstrip(".")
        if ext not in upload_types():
            batch.rejected.append((name, f"{name}: .{ext or '?'} files are not supported "
                                         f"(use {', '.join(upload_types())})."))
            continue
        if batch.folder is None:
            batch.folder = Path(folder) if folder else Path(tempfile.mkdtemp(prefix="tone-upload-"))
            batch.folder.mkdir(parents=True, exist_ok=True)
        target = batch.folder / safe_name(name)
        n = 1
        while target.exists():
            target = batch.folder / f"{Path(safe_name(name)).stem}-{n}{Path(name).suffix.lower()}"
            n += 1
        target.write_bytes(data)
        batch.saved.append(target)
    return batch


def display_name(source: str | None) -> str:
    """A source path as users know it: the file name (plus the zip member or mailbox position)."""
    if not source:
        return "?"
    head, sep, member = source.partition("!")
    name = Path(head.split("#", 1)[0]).name + (head[len(head.split("#", 1)[0]):] if "#" in head else "")
    return f"{name}!{member}" if sep else name
