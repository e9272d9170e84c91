"""PDF reader: text per page in a sane reading order, without running headers/footers or page numbers.

Pipeline per page: pdfminer layout (via pdfplumber) -> upright chars -> de-duplicated chars -> words
(pdfplumber's WordExtractor) -> lines -> (two-column split) -> text. Headers/footers need the whole
document (they are "lines that repeat"), so pages are first turned into lines, then into text.

Why not `page.extract_text()`/`page.chars`: pdfplumber turns every char into a dict of ~20 resolved
attributes (~60% of its run time); reading pdfminer's layout objects directly is about twice as fast.

Hyphenation rule (only within a page): when a line ends in "<letters>-" and the next line starts with
letters, the two halves are put together on the first line. The hyphen is dropped when the joined word is
seen elsewhere in the document, or - failing that - when the next line starts lowercase and the fragment
is not a compound-forming word such as "third", "non", "self" ("third-\nparty" stays "third-party"). A
hyphenated form seen elsewhere in the document always wins. Soft hyphens (U+00AD) are always dropped.
"""
from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate
from operator import itemgetter
from typing import Any, Iterator

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTImage, LTPage
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils import cluster_objects, extract_words
from pdfplumber.utils.exceptions import PdfminerException

from ..records import Document, ReadError, document_id
from .pdf_columns import Line as _Line
from .pdf_columns import reading_order
from .pdf_limits import PageTooComplex, page_count
from .pdf_limits import layout as bounded_layout
from .source import Source, TooLarge

BAND = 0.08  # top/bottom share of the page where running headers and footers live
EDGE_LINES = 4  # the first/last lines of a page are furniture candidates even outside the band
REPEAT_SHARE = 0.5  # a band line on at least this share of text pages is a running header/footer
LINE_TOL = 3.0  # points: words whose tops differ by less sit on one line
WORD_GAP_RATIO = 0.2  # a gap wider than this x font size starts a new word (when the PDF has no spaces)
PARA_GAP = 1.3  # a line pitch this many times the page's usual pitch marks a paragraph break

_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[-\u2013\u2014]?\s*\d{1,4}\s*[-\u2013\u2014]?(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^[-\u2013\u2014]?\s*[ivxlc]{1,7}\s*[-\u2013\u2014]?$",
    re.IGNORECASE,
)
_CID = re.compile(r"\(cid:\d+\)")
_LETTERS_TAIL = re.compile(r"([A-Za-z]+)[-\u00ad]$")
_LETTERS_HEAD = re.compile(r"^([A-Za-z]+)")
_COMPOUND_FIRST = frozenset(
    "third non self co cross well long short high low full part half multi semi quasi anti one two "
    "first second three four five end off on out over under ex mid up down free fixed time".split()
)


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line]
    has_images: bool
    failed: str | None = None  # why pdfminer could not interpret the page
    too_complex: bool = False  # skipped by a per-page guard (see pdf_limits), not broken


def read_pdf(src: Source) -> Iterator[Document | ReadError]:
    data = src.read_bytes()
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        yield _open_error(src, exc)
        return
    try:
        result = _read(src, pdf)
    finally:
        try:
            pdf.close()  # walks the page tree again: a broken tree must not add a second record
        except Exception:  # noqa: BLE001
            pass
    yield result


def _read(src: Source, pdf: pdfplumber.PDF) -> Document | ReadError:
    max_pages = src.limits.max_pages
    try:
        count, exact = page_count(pdf.doc, max_pages)
        if count > max_pages:
            pages_text = f"{count:,}" if exact else f"more than {max_pages:,}"
            return ReadError(src.name, "too_large", f"{pages_text} pages; the limit is {max_pages:,} (--max-pages)")
        pages = _read_pages(pdf.pages, src.limits.max_chars)  # pdf.pages raises PdfminerException on a broken tree
        title = _clean_meta(pdf.metadata.get("Title"))
    except PdfminerException as exc:
        return _open_error(src, exc)
    except RecursionError:
        return ReadError(src.name, "corrupt", "corrupt: the page tree is nested too deeply to read")
    if pages and all(p.too_complex for p in pages):
        return ReadError(src.name, "too_large", f"too complex to read: page {pages[0].number} {pages[0].failed}")
    if not pages or all(p.failed for p in pages):
        reason = pages[0].failed if pages else "no pages"
        return ReadError(src.name, "corrupt", f"corrupt: no page could be read ({reason})")
    if not any(p.lines for p in pages):
        if any(p.has_images for p in pages):
            return ReadError(src.name, "no_text_layer", "no text layer: image-only PDF (OCR not supported)")
        return ReadError(src.name, "empty", "no text found: the PDF's pages are blank")

    warnings: list[str] = []
    repeated = _running_lines(pages)
    vocab = _vocabulary(pages)
    texts: list[str] = []
    for page in pages:
        if page.failed:
            warnings.append(f"page {page.number}: could not be read ({page.failed})")
        elif not page.lines and page.has_images:
            warnings.append(f"page {page.number}: no text layer (image-only; OCR not supported)")
        texts.append(_page_text(reading_order(_body_lines(page, repeated), page.width), vocab))

    if any(_CID.search(t) for t in texts):
        warnings.append("some characters have no Unicode mapping in the PDF fonts and were dropped")
        texts = [_CID.sub("", t) for t in texts]
    text, page_starts = _join_pages(texts)
    return Document(
        id=document_id(src.sha256),
        source=src.name,
        kind="contract",
        text=text,
        metadata={"format": "pdf", "pages": len(pages), "title": title},
        page_starts=page_starts,
        warnings=warnings,
    )


def _read_pages(pages: list[pdfplumber.page.Page], max_chars: int) -> list[_Page]:
    """Pages -> lines, stopping as soon as the document has more characters than the limit allows."""
    out: list[_Page] = []
    chars = 0
    for page in pages:
        out.append(_read_page(page))
        chars += sum(len(w["text"]) for ln in out[-1].lines for w in ln.words)
        if chars > max_chars:
            raise TooLarge(f"more than {max_chars:,} characters by page {page.page_number}; the limit is "
                           f"{max_chars:,} (--max-chars)")
    return out


def _open_error(src: Source, exc: PdfminerException) -> ReadError:
    cause = exc.args[0] if exc.args else exc
    if isinstance(cause, PDFPasswordIncorrect):
        return ReadError(src.name, "encrypted", "encrypted: password required")
    if isinstance(cause, PDFEncryptionError):
        return ReadError(src.name, "encrypted", f"encrypted: unsupported encryption ({cause})"[:300])
    return ReadError(src.name, "corrupt", f"corrupt: truncated or damaged PDF ({type(cause).__name__}: {cause})"[:300])


def _clean_meta(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""  # pdfplumber has already decoded it
    return text or None


# ---------------------------------------------------------------- page -> lines


def _read_page(page: pdfplumber.page.Page) -> _Page:
    try:
        layout: LTPage = bounded_layout(page)
    except PageTooComplex as exc:  # would cost gigabytes: skip the page with a warning, keep the others
        return _Page(page.page_number, float(page.width), float(page.height), [], False, f"skipped: {exc}", True)
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - a broken content stream: report the page, keep the others
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        return _Page(page.page_number, float(page.width), float(page.height), [], False,
                     failed=f"{type(cause).__name__}: {cause}"[:200])
    width, height = float(layout.width), float(layout.height)
    chars, has_images, overlaps = _collect(layout, width, height)
    page.close()  # drop pdfplumber's per-page caches; we keep only our small dicts
    if overlaps:
        chars = _dedupe(chars)
    lines: list[_Line] = []
    if chars:
        words = extract_words(chars, x_tolerance_ratio=WORD_GAP_RATIO, y_tolerance=LINE_TOL)
        for cluster in cluster_objects(words, itemgetter("top"), LINE_TOL):
            cluster.sort(key=itemgetter("x0"))
            lines.append(_Line(min(w["top"] for w in cluster), max(w["bottom"] for w in cluster), cluster))
    return _Page(page.page_number, width, height, lines, has_images)


def _collect(layout: LTPage, width: float, height: float) -> tuple[list[dict[str, Any]], bool, bool]:
    """Upright, on-page chars as small dicts (top-down coordinates), whether the page has images, and whether
    a char steps back over its predecessor on its line (how duplicates show). Rotated chars (margin stamps)
    are skipped: rarely body text, and they would scramble the line grouping."""
    chars: list[dict[str, Any]] = []
    has_images = overlaps = False
    stack = [iter(layout)]
    while stack:
        obj = next(stack[-1], None)
        if obj is None:
            stack.pop()
        elif isinstance(obj, LTChar):
            if not obj.upright or obj.x1 < 0 or obj.x0 > width or obj.y1 < 0 or obj.y0 > height:
                continue
            top = height - obj.y1
            if chars and obj.x0 < chars[-1]["x1"] - 1 and abs(top - chars[-1]["top"]) < 1:
                overlaps = True
            chars.append({"text": obj.get_text(), "x0": obj.x0, "x1": obj.x1, "top": top, "doctop": top,
                          "bottom": height - obj.y0, "upright": True, "size": obj.size})
        elif isinstance(obj, LTImage):
            has_images = True
        elif isinstance(obj, LTContainer):
            stack.append(iter(obj))
    return chars, has_images, overlaps


def _dedupe(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop chars drawn twice at almost the same place (fake bold, shadows) in O(n); pdfplumber's is quadratic.

    "Almost" is within 1 pt and half the glyph's width, so a real "ll" in a condensed font survives."""
    seen: dict[tuple[str, int, int], tuple[float, float]] = {}  # 2-pt grid cell -> position of first copy
    out = []
    for c in chars:
        text, x0, top = c["text"], c["x0"], c["top"]
        fx, fy = x0 / 2, top / 2
        cx, cy = math.floor(fx), math.floor(fy)
        nx = cx - 1 if fx - cx < 0.5 else cx + 1  # a copy within 1 pt is in this cell or in this neighbour
        ny = cy - 1 if fy - cy < 0.5 else cy + 1
        tol = min(1.0, 0.5 * (c["x1"] - x0))
        near = (seen.get((text, gx, gy)) for gx in (cx, nx) for gy in (cy, ny))
        if text.isspace() or not any(p and abs(p[0] - x0) <= tol and abs(p[1] - top) <= 1 for p in near):
            out.append(c)
        seen.setdefault((text, cx, cy), (x0, top))
    return out


# ---------------------------------------------------------------- headers, footers, page numbers


def _edge_lines(page: _Page) -> list[_Line]:
    """Lines that may be page furniture: inside the top/bottom band, or among the first/last few lines
    (letterheads and EDGAR-style footers often sit lower than the band)."""
    n = len(page.lines)
    return [ln for i, ln in enumerate(page.lines) if i < EDGE_LINES or i >= n - EDGE_LINES or _in_band(ln, page)]


def _in_band(line: _Line, page: _Page) -> bool:
    return line.top < page.height * BAND or line.bottom > page.height * (1 - BAND)


def _key(line: _Line, page: _Page) -> str:
    """Comparison key: digits only count as "the same" inside the bands (page numbers, dates in footers);
    an edge line lower down must repeat exactly, so "Clause 3.1 ..." opening each page is not furniture."""
    text = re.sub(r"\s+", " ", line.text.lower()).strip()
    return re.sub(r"\d+", "#", text) if _in_band(line, page) else text


def _running_lines(pages: list[_Page]) -> set[str]:
    """Normalised edge lines that repeat on at least half of the pages with text (and on 2+ pages)."""
    counts: Counter[str] = Counter()
    text_pages = 0
    for page in pages:
        if page.lines:
            text_pages += 1
            counts.update({_key(ln, page) for ln in _edge_lines(page)})
    need = max(2, math.ceil(text_pages * REPEAT_SHARE))
    return {k for k, n in counts.items() if n >= need}


def _body_lines(page: _Page, repeated: set[str]) -> list[_Line]:
    """Peel running headers/footers and page numbers off both ends of the page, and out of the bands."""

    def furniture(ln: _Line) -> bool:
        return _key(ln, page) in repeated or bool(_PAGE_NUMBER.match(ln.text.strip()))

    lines = page.lines
    i, j = 0, len(lines)
    while i < j and i < EDGE_LINES and furniture(lines[i]):
        i += 1
    while j > i and j > len(lines) - EDGE_LINES and furniture(lines[j - 1]):
        j -= 1
    body = lines[i:j]
    pitch = _pitch(body)
    keep = []
    for k, ln in enumerate(body):
        if _in_band(ln, page) and furniture(ln):
            continue
        if pitch and _PAGE_NUMBER.match(ln.text.strip()) and any(ch.isdigit() for ch in ln.text):
            # EDGAR-style filings put the printed page number mid-page, set apart by blank space.
            gap_above = ln.top - body[k - 1].top if k else math.inf
            gap_below = body[k + 1].top - ln.top if k + 1 < len(body) else math.inf
            if max(gap_above, gap_below) > PARA_GAP * pitch:
                continue
        keep.append(ln)
    return keep


def _pitch(lines: list[_Line]) -> float:
    """The page's line pitch within paragraphs (0 when unknown): the lower quartile of the distances between
    consecutive line tops, since pages of one-line paragraphs make paragraph gaps the median."""
    steps = (b.top - a.top for a, b in zip(lines, lines[1:]))
    pitches = sorted(d for d, a in zip(steps, lines) if 0 < d < 3 * (a.bottom - a.top + 1))
    return pitches[len(pitches) // 4] if pitches else 0.0


# ---------------------------------------------------------------- lines -> text


def _vocabulary(pages: list[_Page]) -> set[str]:
    """Every word of the document, to judge whether "liabil-/ity" or "third-/party" is the real form."""
    return {w["text"].strip(".,;:()[]\"'").lower() for page in pages for ln in page.lines for w in ln.words}


def _drop_hyphen(frag: str, rest: str, vocab: set[str]) -> bool:
    joined, hyphened = (frag + rest).lower(), f"{frag}-{rest}".lower()
    if hyphened in vocab and joined not in vocab:
        return False
    if joined in vocab:
        return True
    return rest[:1].islower() and frag.lower() not in _COMPOUND_FIRST


def _page_text(lines: list[_Line], vocab: set[str]) -> str:
    """Lines joined by newlines; a blank line where the vertical gap says a paragraph ends."""
    pitch = _pitch(lines)
    out: list[str] = []
    prev: _Line | None = None
    for ln in lines:
        words = [w["text"] for w in ln.words]
        if out and _join_hyphenated(out, words, vocab):
            if words:  # the rest of a line that continues a split word: no paragraph break
                out.append(" ".join(words))
        else:
            if prev is not None and pitch and ln.top - prev.top > PARA_GAP * pitch:
                out.append("")
            out.append(" ".join(words))
        prev = ln
    return "\n".join(out).strip()


def _join_hyphenated(out: list[str], words: list[str], vocab: set[str]) -> bool:
    """Pull the first word of the next line up onto a line ending in a split word. Mutates both."""
    last = out[-1]
    if last.endswith("\u00ad") and words[0][:1].isalpha():
        out[-1] = last[:-1] + words.pop(0)
        return True
    tail = _LETTERS_TAIL.search(last)
    head = _LETTERS_HEAD.match(words[0])
    if not (tail and head and last.endswith("-")):
        return False
    if _drop_hyphen(tail.group(1), head.group(1), vocab):
        out[-1] = last[:-1] + words.pop(0)
    else:
        out[-1] = last + words.pop(0)
    return True


def _join_pages(texts: list[str]) -> tuple[str, list[int]]:
    starts = list(accumulate((len(t) + 2 for t in texts[:-1]), initial=0))  # "\n\n" between pages
    return "\n\n".join(texts), starts
