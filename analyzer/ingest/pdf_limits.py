"""Resource guards for the PDF reader: what one small PDF may cost before it becomes a clear record.

A few KB of PDF can ask for gigabytes: millions of glyphs on one page (each a pdfminer LTChar object), one form
drawn thousands of times, a content stream that inflates a thousandfold (twice), or a page tree counting
millions of pages. Each guard here is checked before (or while) pdfminer lays a page out:
- `page_count`: the page tree's declared /Count, then a lazy count that stops past the limit;
- `content_size`: decoded size of a page's content streams and the forms it uses, inflated in chunks and
  counted, never held (pdfminer holds each decoded stream whole);
- `layout`: pdfminer's page aggregator with a glyph budget, and without the vector graphics we never read.
"""
from __future__ import annotations

import zlib
from itertools import islice
from typing import Any, Iterator

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTPage
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream, resolve1
from pdfminer.psparser import LIT
from pdfplumber.utils.exceptions import PdfminerException

MAX_PAGE_CHARS = 200_000  # glyphs on one page; a dense page of 6-pt type holds about 20,000
MAX_PAGE_CONTENT_BYTES = 32 * 1024 * 1024  # decoded content streams (and forms) of one page
MAX_PAGE_STREAMS = 1_000  # content streams and forms looked at per page
MAX_FLATE_LAYERS = 3  # FlateDecode applied more often than this is a bomb, not compression
_FORM = LIT("Form")


class PageTooComplex(Exception):
    """One page would cost more than the per-page guards allow; the page is skipped with a warning."""


def page_count(doc: Any, limit: int) -> tuple[int, bool]:
    """(pages, exact): the number of pages, or a number over `limit` (exact=False: "more than") without
    walking the whole tree. A declared /Count over the limit is believed; under it, the tree is counted,
    since a wrong /Count is common and harmless."""
    try:
        declared = resolve1(resolve1(doc.catalog.get("Pages"))["Count"])
    except (KeyError, TypeError, AttributeError):
        declared = None
    if isinstance(declared, int) and declared > limit:
        return declared, True
    try:
        counted = sum(1 for _ in islice(PDFPage.create_pages(doc), limit + 1))
    except (RecursionError, MemoryError):
        raise
    except Exception as exc:  # noqa: BLE001 - as pdfplumber reports a broken page tree
        raise PdfminerException(exc) from exc
    return counted, counted <= limit


def content_size(page: PDFPage, cap: int = MAX_PAGE_CONTENT_BYTES) -> int:
    """Decoded bytes of the page's content streams and of the form XObjects it can draw (each counted once),
    stopping as soon as the total passes `cap`."""
    total = 0
    for stream in islice(_page_streams(page), MAX_PAGE_STREAMS):
        total += _decoded_size(stream, cap - total)
        if total > cap:
            break
    return total


def _page_streams(page: PDFPage) -> Iterator[PDFStream]:
    contents = page.contents if isinstance(page.contents, list) else [page.contents]
    seen: set[int] = set()
    todo: list[Any] = [*contents, page.resources]
    while todo:
        obj = resolve1(todo.pop())
        if isinstance(obj, PDFStream):
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            yield obj
            resources = resolve1(obj.attrs.get("Resources"))
            if isinstance(resources, dict):
                todo.append(resources)
        elif isinstance(obj, dict):  # a resource dictionary: only its forms are drawn through a content stream
            xobjects = resolve1(obj.get("XObject"))
            if isinstance(xobjects, dict):
                for ref in xobjects.values():
                    xobj = resolve1(ref)
                    if isinstance(xobj, PDFStream) and xobj.attrs.get("Subtype") is _FORM:
                        todo.append(xobj)


def _decoded_size(stream: PDFStream, cap: int) -> int:
    if stream.data is not None:
        return len(stream.data)
    raw = stream.rawdata or b""
    try:
        names = [f for f, _ in stream.get_filters()]
    except Exception:  # noqa: BLE001 - a malformed /Filter: pdfminer will report the page
        return len(raw)
    if not names or not all(n in LITERALS_FLATE_DECODE for n in names):
        return len(raw)  # other filters (rare in content streams) are left to pdfminer and the watchdog
    if len(names) > MAX_FLATE_LAYERS:
        return cap + 1
    return _inflated_size(raw, len(names), cap)


def _inflated_size(data: bytes, layers: int, cap: int) -> int:
    """Size of `data` inflated `layers` times, computed in 64 KB chunks and abandoned past `cap`."""
    decoders = [zlib.decompressobj() for _ in range(layers)]
    total = 0
    chunks = [(0, data[i:i + (1 << 16)]) for i in range(0, len(data), 1 << 16)][::-1]
    try:
        while chunks:
            level, chunk = chunks.pop()
            if level == layers:
                total += len(chunk)
                if total > cap:
                    return total
                continue
            out = decoders[level].decompress(chunk, 1 << 16)
            rest = decoders[level].unconsumed_tail
            if rest or len(out) == 1 << 16:  # more output to come: the same decoder again, after this output
                chunks.append((level, rest))
            if out:
                chunks.append((level + 1, out))
    except zlib.error:
        pass  # corrupt data: pdfminer reads what it can, so count what inflated so far
    return total


class _BoundedAggregator(PDFPageAggregator):
    """pdfminer's layout device with a glyph budget; paths (lines, curves, rectangles) are not kept: we read
    only characters and images, and a vector drawing can hold millions of paths."""

    def __init__(self, *args: Any, max_chars: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = max_chars

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        return None

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.budget -= 1
        if self.budget < 0:
            raise PageTooComplex(f"more than {MAX_PAGE_CHARS:,} characters on one page")
        return super().render_char(*args, **kwargs)


def layout(page: Any, max_chars: int = MAX_PAGE_CHARS) -> LTPage:
    """The pdfminer layout of a pdfplumber page (as `page.layout`, without marked-content ids), within the
    per-page guards; raises PageTooComplex past them."""
    size = content_size(page.page_obj)
    if size > MAX_PAGE_CONTENT_BYTES:
        raise PageTooComplex(f"its content expands to more than {MAX_PAGE_CONTENT_BYTES // (1 << 20)} MB")
    device = _BoundedAggregator(page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams,
                                max_chars=max_chars)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    return device.get_result()
