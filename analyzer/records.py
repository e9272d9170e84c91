"""Typed records that cross stage boundaries: ingest -> segment -> detect -> aggregate."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from . import labels as _labels

# The model's output order, fixed when the package is imported; stages that must follow a changed registry at run time
# call analyzer.labels.ids() instead.
LABELS: tuple[str, ...] = _labels.ids()

DocKind = Literal["contract", "email"]
Severity = Literal["error", "warning"]


def file_of(source: str) -> str:
    """The file a source belongs to: mailbox messages ("box.mbox#3") count towards their mailbox."""
    return source.split("#", 1)[0]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def document_id(file_bytes_sha: str, part: str | None = None) -> str:
    """Stable id: sha256 of the file bytes, plus the part (message position / Message-ID) inside a container."""
    if part is None:
        return file_bytes_sha[:32]
    return hashlib.sha256(f"{file_bytes_sha}:{part}".encode()).hexdigest()[:32]


@dataclass
class EmailMeta:
    """Header facts of one message. `thread_id` is filled by thread reconstruction."""

    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    sender: str | None = None
    recipients: list[str] = field(default_factory=list)
    date: str | None = None  # ISO 8601 (UTC offset kept) or None when missing/unparseable
    subject: str | None = None
    thread_id: str | None = None
    position: int | None = None  # index of the message inside its mailbox file


@dataclass
class Document:
    """One readable unit: a contract file, or one email message (a mailbox yields many)."""

    id: str
    source: str  # path of the file; for a member of a zip: "archive.zip!member/path"
    kind: DocKind
    text: str  # contracts: full extracted text; emails: the cleaned body the author wrote
    metadata: dict[str, Any] = field(default_factory=dict)
    page_starts: list[int] = field(default_factory=list)  # char offset where each page begins (PDF)
    blocks: list[Block] = field(default_factory=list)  # structural hints from the reader (DOCX headings/lists)
    email: EmailMeta | None = None
    warnings: list[str] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """1-based page number holding character `offset`, or None when the reader had no pages."""
        if not self.page_starts:
            return None
        page = 0
        for i, start in enumerate(self.page_starts):
            if start <= offset:
                page = i
            else:
                break
        return page + 1


@dataclass
class Block:
    """A span of Document.text the reader knows something about (e.g. a DOCX heading or numbered list item)."""

    start: int
    end: int
    style: str  # "heading", "list_item", "table_row", "paragraph"
    level: int = 0
    number: str | None = None  # list numbering rendered by the reader, e.g. "12.3" or "(a)"


@dataclass
class Segment:
    """An addressable piece of a document: a clause, a sentence or an email body sentence."""

    doc_id: str
    index: int
    text: str
    start: int  # character offsets into Document.text; text == document.text[start:end]
    end: int
    kind: DocKind
    source: str
    page: int | None = None
    clause: str | None = None  # e.g. "12.3(a)"
    heading_path: list[str] = field(default_factory=list)  # e.g. ["12 Limitation of Liability", "12.3"]
    message_id: str | None = None
    thread_id: str | None = None
    sender: str | None = None
    recipients: list[str] = field(default_factory=list)
    date: str | None = None
    subject: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ReadError:
    """An expected per-file failure or warning, reported instead of raised."""

    source: str
    code: str  # short machine code: "encrypted", "corrupt", "empty", "no_text_layer", "unknown_type", ...
    message: str
    severity: Severity = "error"

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.severity, **asdict(self)}


MODEL_CUE = "model"  # Evidence.cue when the classifier set a label without a named cue: the whole segment is evidence


@dataclass
class Evidence:
    label: str
    cue: str  # a cue name, or MODEL_CUE
    start: int  # offsets into the scored text
    end: int


@dataclass
class Prediction:
    """Scores for one text: probability per label, the labels over threshold, and evidence spans."""

    scores: dict[str, float]
    labels: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)  # every cue found, counter-cues ("mutual_term") included


@dataclass
class ClauseJudgement:
    """What the contract says about one clause (analyzer/context): its type, who it favours and who bears it, what
    softens it, its mirror, and the reason shown to a reviewer. Party fields hold display names."""

    clause_type: str | None
    sentence_score: float  # the sentence classifier's risk_pushing score, before the context
    direction: str | None = None  # "mutual" | "one_way" | None (untyped or actor not found)
    favours: str | None = None
    bears: str | None = None
    qualifiers: list[str] = field(default_factory=list)
    mirror_index: int | None = None  # segment index of the mirror clause in the same document
    mirror_clause: str | None = None  # its clause number, when it has one
    reason: str | None = None


@dataclass
class ScoredSegment:
    """A segment with its model scores. Evidence offsets here are into the *document* text (segment.start-based)."""

    segment: Segment
    scores: dict[str, float]
    labels: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    cues: list[str] = field(default_factory=list)
    context: ClauseJudgement | None = None  # contracts only: the judgement in context

    def to_dict(self) -> dict[str, Any]:
        return {**self.segment.to_dict(), "scores": self.scores, "labels": self.labels,
                "evidence": [asdict(e) for e in self.evidence], "cues": self.cues,
                "context": asdict(self.context) if self.context else None}


@dataclass
class AnalysedDocument:
    """Everything the pipeline learned about one document; the unit engines map over and stores write."""

    document: Document
    segments: list[ScoredSegment]
    file_sha256: str | None = None  # of the file the document came from (for incremental runs)
