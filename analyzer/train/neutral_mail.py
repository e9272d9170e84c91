"""Neutral business mail: segments of real Enron email (../shared/data/enron_berkeley_categories), kept as pointers.

The repository holds no text of that set, only pointers: the message's line number in emails.jsonl.gz, its doc_id,
the segment index that the project's own pipeline gives (analyzer.ingest.eml.read_eml cleans the raw message and keeps
the author's text; analyzer.segment splits it) and the sha256 of the segment text. `resolve()` rebuilds the texts from
the shared file and refuses any pointer whose text hash no longer matches.

Pointer files live in corpora/neutral_mail/ (a subfolder: load_corpus() never trains on them):
- segments.jsonl: every kept segment (at least MIN_WORDS words, first occurrence of each distinct text);
- labels.jsonl: a hand-labelled random sample, pointer + `labels` + `confidence` (corpora/GUIDELINES.md).
"""
from __future__ import annotations

import gzip
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .. import locations
from ..ingest.eml import read_eml
from ..ingest.source import Source
from ..records import LABELS, Document
from ..segment import segment

FOLDER = Path(__file__).resolve().parents[2] / "corpora" / "neutral_mail"
ENRON = Path("enron_berkeley_categories") / "emails.jsonl.gz"
MIN_WORDS = 3  # signatures, names and "Thanks," are segments too, but too trivial to measure false alarms on
_WORD = re.compile(r"[A-Za-z]{2,}")


class PointerMismatch(RuntimeError):
    """A pointer no longer resolves to the text it was recorded for."""


@dataclass(frozen=True)
class Pointer:
    line: int  # 0-based line in emails.jsonl.gz
    doc_id: str
    seg: int  # segment index in analyzer.segment's output for that message
    sha: str  # sha256 of the segment text (UTF-8)

    def key(self) -> tuple[int, int]:
        return self.line, self.seg


@dataclass(frozen=True)
class MailSentence:
    pointer: Pointer
    text: str
    labels: frozenset[str]
    confidence: str


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def enron_path(root: Path | None = None) -> Path:
    path = (root or locations.shared_data()) / ENRON
    if not path.exists():
        raise FileNotFoundError(f"{path} is not present (../shared/data beside the checkout)")
    return path


def _message_segments(raw: str, doc_id: str) -> list[str]:
    docs = [d for d in read_eml(Source.from_bytes(f"{doc_id}.eml", raw.encode("utf-8"))) if isinstance(d, Document)]
    return [s.text for d in docs for s in segment(d)]


def iter_segments(root: Path | None = None, lines: set[int] | None = None) -> Iterator[tuple[Pointer, str]]:
    """(pointer, text) for every segment of every message (or of the messages on `lines`)."""
    with gzip.open(enron_path(root), "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if lines is not None and i not in lines:
                continue
            row = json.loads(line)
            for k, text in enumerate(_message_segments(row["raw"], row["doc_id"])):
                yield Pointer(i, row["doc_id"], k, sha(text)), text


def build_pointers(root: Path | None = None) -> list[Pointer]:
    """Segments worth scoring: MIN_WORDS words or more, each distinct text once (Enron copies a message per folder)."""
    seen: set[str] = set()
    out = []
    for ptr, text in iter_segments(root):
        if len(_WORD.findall(text)) < MIN_WORDS or ptr.sha in seen:
            continue
        seen.add(ptr.sha)
        out.append(ptr)
    return out


def write_pointers(pointers: list[Pointer], path: Path, extra: dict[tuple[int, int], dict] | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for p in pointers:
            rec = {"line": p.line, "doc_id": p.doc_id, "seg": p.seg, "sha256": p.sha, **(extra or {}).get(p.key(), {})}
            fh.write(json.dumps(rec) + "\n")


def read_pointers(path: Path) -> list[tuple[Pointer, dict]]:
    out = []
    for line in path.open(encoding="utf-8"):
        if line.strip():
            r = json.loads(line)
            rest = {k: v for k, v in r.items() if k not in ("line", "doc_id", "seg", "sha256")}
            out.append((Pointer(r["line"], r["doc_id"], r["seg"], r["sha256"]), rest))
    return out


def resolve(pointers: list[Pointer], root: Path | None = None) -> list[str]:
    """Texts for `pointers`, in order; PointerMismatch when a message moved or its segment text changed."""
    wanted = {p.line for p in pointers}
    found = {(p.line, p.seg): (p, t) for p, t in iter_segments(root, wanted)}
    texts = []
    for p in pointers:
        hit = found.get(p.key())
        if hit is None or hit[0].doc_id != p.doc_id:
            raise PointerMismatch(f"no segment {p.seg} of message {p.doc_id} on line {p.line} of {ENRON}")
        if hit[0].sha != p.sha:
            raise PointerMismatch(f"segment {p.seg} of {p.doc_id} has changed (sha256 {hit[0].sha[:12]}… != recorded "
                                  f"{p.sha[:12]}…): the shared data or the cleaning/segmentation code changed")
        texts.append(hit[1])
    return texts


def load_labelled(root: Path | None = None, path: Path | None = None) -> list[MailSentence]:
    """The hand-labelled neutral-mail sample, resolved against ../shared/data and hash-checked."""
    recs = read_pointers(path or FOLDER / "labels.jsonl")
    texts = resolve([p for p, _ in recs], root)
    return [MailSentence(p, t, frozenset(r["labels"]) & set(LABELS), r.get("confidence", "high"))
            for (p, r), t in zip(recs, texts)]
