"""DOCX reader: body paragraphs and tables in document order, with Word's automatic numbering rendered.

Text layout: paragraphs and tables are separated by a blank line ("\n\n", as paragraph breaks in PDFs);
table rows are one line each, cells joined with " | ". Page headers/footers, footnotes and comments are
not read (running furniture, not clause text).

python-docx does not render list numbering, so it is computed here from each paragraph's numPr
(numId/ilvl, directly or through its style) and the numbering part: per abstract list, one counter per level,
deeper levels restart when a shallower one advances, `startOverride` restarts a list instance, and
lvlText such as "%1.%2" is filled with each level's format (decimal, lowerLetter, upperRoman, ...).
The rendered number is prefixed to the paragraph text ("12.3 The Supplier shall...") and recorded in a
Block. Bullets are recorded as list items without a prefix.

Block levels: headings use N of "Heading N" (or outlineLvl + 1; "Title" is 0); list items use ilvl + 1;
table rows use 0.
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import Iterator

from lxml import etree

from ..records import Block, Document, ReadError, document_id
from .source import Source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MIN_RATIO_BYTES = 1024 * 1024  # XML parts (or all together) at least this big must respect Limits.max_expansion

# Exceptions python-docx/zipfile/lxml raise on damaged packages; anything else is a bug and propagates.
_CORRUPT = (zipfile.BadZipFile, zlib.error, KeyError, ValueError, EOFError, etree.XMLSyntaxError)


def read_docx(src: Source) -> Iterator[Document | ReadError]:
    data = src.read_bytes()
    if data.startswith(OLE_MAGIC):  # Word stores password-protected .docx as an encrypted OLE container
        yield ReadError(src.name, "encrypted", "encrypted: password required (protected Office file)")
        return
    try:
        import docx  # imported here so a missing python-docx becomes one ReadError via the dispatcher
        from docx.opc.exceptions import PackageNotFoundError

        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            refused = _expansion_error(src, zf.infolist())
        if refused is not None:
            yield refused
            return
        document = docx.Document(io.BytesIO(data))
        styles = _Styles(document.styles.element)
        numbering = _Numbering(_numbering_xml(document), styles)
        title = (document.core_properties.title or "").strip() or None
    except (*_CORRUPT, PackageNotFoundError) as exc:
        yield ReadError(src.name, "corrupt", f"corrupt: not a readable docx ({type(exc).__name__}: {exc})"[:300])
        return

    out = _Builder()
    tables = paragraphs = 0
    for el in _body_items(document.element.body):
        if el.tag == W + "p":
            paragraphs += _paragraph(el, styles, numbering, out)
        else:
            tables += _table(el, styles, numbering, out)
    text = out.text
    if not text.strip():
        yield ReadError(src.name, "empty", "no text found in the document body")
        return
    yield Document(
        id=document_id(src.sha256),
        source=src.name,
        kind="contract",
        text=text,
        metadata={"format": "docx", "title": title, "paragraphs": paragraphs, "tables": tables},
        blocks=out.blocks,
    )


def _expansion_error(src: Source, infos: list[zipfile.ZipInfo]) -> ReadError | None:
    """Refuse XML that would take far more memory than the file's size suggests (python-docx parses every part
    at once). The zip directory's sizes bind: zipfile never inflates a member beyond its declared size."""
    limits = src.limits
    xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
    xml_total = sum(i.file_size for i in xml)
    xml_packed = max(1, sum(i.compress_size for i in xml))
    if xml_total > limits.max_file_bytes or sum(i.file_size for i in infos) > 2 * limits.max_file_bytes:
        return ReadError(src.name, "too_large", f"docx expands to {xml_total:,} bytes of XML; the limit is "
                         f"{limits.max_file_bytes:,}")
    # Small parts cannot hurt (and style sheets compress very well); big ones, or all together, must not.
    suspects = [(i.filename, i.file_size, i.compress_size) for i in xml if i.file_size >= MIN_RATIO_BYTES]
    if xml_total >= MIN_RATIO_BYTES:
        suspects.append(("its XML parts", xml_total, xml_packed))
    for name, size, packed in suspects:
        ratio = size / max(1, packed)
        if ratio > limits.max_expansion:
            return ReadError(src.name, "zip_bomb", f"{name} expands {ratio:,.0f}x ({packed:,} to {size:,} bytes); "
                             f"the limit is {limits.max_expansion:g}x (zip bomb?)")
    return None


def _numbering_xml(document) -> etree._Element | None:
    try:
        return document.part.numbering_part.element
    except (NotImplementedError, KeyError):
        return None


def _body_items(container: etree._Element) -> Iterator[etree._Element]:
    """w:p and w:tbl in document order, descending into content controls (w:sdt) and custom XML."""
    for child in container:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _body_items(child.find(W + "sdtContent") if child.tag == W + "sdt" else child)


# ---------------------------------------------------------------- output


@dataclass
class _Builder:
    """Accumulates text pieces (a list, so long documents stay linear) and the blocks pointing into them."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    blocks: list[Block] = field(default_factory=list)

    def add(self, text: str, sep: str = "\n\n") -> tuple[int, int]:
        if self.parts:
            self.parts.append(sep)
            self.length += len(sep)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start, self.length

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _paragraph(p: etree._Element, styles: _Styles, numbering: _Numbering, out: _Builder) -> int:
    text = _para_text(p).strip()
    style_id = _val(p.find(f"{W}pPr/{W}pStyle")) or styles.default
    number, ilvl, bullet = numbering.render(p, style_id)
    if not text:
        return 0  # an empty numbered paragraph still advanced its counter, as in Word
    heading = styles.heading_level(style_id, p)
    if number:
        text = f"{number} {text}"
    start, end = out.add(text)
    label = number.rstrip(".") if number else None  # "1." -> "1": a clause id; the text keeps Word's form
    if heading is not None:
        out.blocks.append(Block(start, end, "heading", heading, label))
    elif number or bullet:
        out.blocks.append(Block(start, end, "list_item", (ilvl or 0) + 1, label))
    return 1


def _table(tbl: etree._Element, styles: _Styles, numbering: _Numbering, out: _Builder) -> int:
    first = True
    for tr in tbl.iter(W + "tr"):
        if tr.getparent() is not tbl:
            continue  # nested tables are flattened into their cell's text
        cells = []
        for tc in tr.iter(W + "tc"):
            if _enclosing_row(tc) is not tr:
                continue
            parts = []
            for p in tc.iter(W + "p"):
                t = _para_text(p).strip()
                number, _, _ = numbering.render(p, _val(p.find(f"{W}pPr/{W}pStyle")) or styles.default)
                if t:
                    parts.append(f"{number} {t}" if number else t)
            cells.append(" ".join(parts))
        if any(cells):
            start, end = out.add(" | ".join(cells), "\n\n" if first else "\n")
            out.blocks.append(Block(start, end, "table_row"))
            first = False
    return 0 if first else 1


def _enclosing_row(el: etree._Element) -> etree._Element | None:
    parent = el.getparent()
    while parent is not None and parent.tag != W + "tr":
        parent = parent.getparent()
    return parent


_TEXT_TAGS = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


def _para_text(p: etree._Element) -> str:
    """Visible text of a paragraph: runs, hyperlinks, fields and tracked insertions (deleted text is
    w:delText, which we skip), without the mc:Fallback copy of text boxes."""
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        node = next(stack[-1], None)
        if node is None:
            stack.pop()
            continue
        tag = node.tag
        if tag in _TEXT_TAGS:
            fixed = _TEXT_TAGS[tag]
            parts.append((node.text or "") if fixed is None else fixed)
        elif tag != MC_FALLBACK and tag not in (W + "pPr", W + "rPr") and len(node):
            stack.append(iter(node))
    return re.sub(r"[ \u00a0]+", " ", "".join(parts).replace("\t", " "))


def _val(el: etree._Element | None) -> str | None:
    return None if el is None else el.get(W + "val")


# ---------------------------------------------------------------- styles


@dataclass
class _Style:
    name: str
    based_on: str | None
    num_id: str | None
    ilvl: int | None
    outline: int | None


class _Styles:
    def __init__(self, root: etree._Element) -> None:
        self.by_id: dict[str, _Style] = {}
        self.default: str | None = None
        for s in root.iter(W + "style"):
            sid = s.get(W + "styleId")
            if sid is None:
                continue
            ppr = s.find(W + "pPr")
            num = ppr.find(W + "numPr") if ppr is not None else None
            self.by_id[sid] = _Style(
                name=_val(s.find(W + "name")) or sid,
                based_on=_val(s.find(W + "basedOn")),
                num_id=_val(num.find(W + "numId")) if num is not None else None,
                ilvl=_int(_val(num.find(W + "ilvl"))) if num is not None else None,
                outline=_int(_val(ppr.find(W + "outlineLvl"))) if ppr is not None else None,
            )
            if s.get(W + "type") == "paragraph" and s.get(W + "default") in ("1", "true"):
                self.default = sid

    def chain(self, style_id: str | None) -> Iterator[_Style]:
        seen = set()
        while style_id and style_id in self.by_id and style_id not in seen:
            seen.add(style_id)
            style = self.by_id[style_id]
            yield style
            style_id = style.based_on

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None

    def heading_level(self, style_id: str | None, p: etree._Element) -> int | None:
        name = self.by_id[style_id].name if style_id in self.by_id else ""
        if name.lower() == "title":
            return 0
        m = re.fullmatch(r"heading\s*(\d)", name, re.IGNORECASE)
        if m:
            return int(m.group(1))
        outline = _int(_val(p.find(f"{W}pPr/{W}outlineLvl")))
        if outline is None:
            outline = next((s.outline for s in self.chain(style_id) if s.outline is not None), None)
        return outline + 1 if outline is not None and outline < 9 else None


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


# ---------------------------------------------------------------- numbering


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""
    style: str | None = None
    legal: bool = False


class _Numbering:
    def __init__(self, root: etree._Element | None, styles: _Styles) -> None:
        self.styles = styles
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.style_link: dict[str, str] = {}  # abstractNumId -> numbering style it takes its levels from
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        if root is None:
            return
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            self.abstract[aid] = {int(lv.get(W + "ilvl", "0")): _parse_level(lv) for lv in an.iter(W + "lvl")}
            link = _val(an.find(W + "numStyleLink"))
            if link:
                self.style_link[aid] = link
        for num in root.iter(W + "num"):
            overrides: dict[int, int] = {}
            levels: dict[int, _Level] = {}
            for ov in num.iter(W + "lvlOverride"):
                ilvl = int(ov.get(W + "ilvl", "0"))
                start = _int(_val(ov.find(W + "startOverride")))
                if start is not None:
                    overrides[ilvl] = start
                lv = ov.find(W + "lvl")
                if lv is not None:
                    levels[ilvl] = _parse_level(lv)
            self.nums[num.get(W + "numId")] = (_val(num.find(W + "abstractNumId")) or "", overrides, levels)

    def _levels(self, num_id: str) -> tuple[str, dict[int, _Level]]:
        aid, _, own = self.nums[num_id]
        for _ in range(3):  # follow numStyleLink: abstractNum -> numbering style -> num -> abstractNum
            link = self.style_link.get(aid)
            linked_num = self.styles.numbering(link)[0] if link else None
            if linked_num not in self.nums or self.nums[linked_num][0] == aid:
                break
            aid = self.nums[linked_num][0]
        return aid, {**self.abstract.get(aid, {}), **own}

    def render(self, p: etree._Element, style_id: str | None) -> tuple[str | None, int | None, bool]:
        """(rendered number or None, ilvl, is_bullet) for a paragraph; advances the list counters."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        num_id = _val(num_pr.find(W + "numId")) if num_pr is not None else None
        ilvl = _int(_val(num_pr.find(W + "ilvl"))) if num_pr is not None else None
        if num_id is None:
            style_num, style_ilvl = self.styles.numbering(style_id)
            num_id, ilvl = style_num, ilvl if ilvl is not None else style_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None, None, False
        aid, levels = self._levels(num_id)
        if ilvl is None:  # numbering from a style: the level that names this style, else the first
            ilvl = next((i for i, lv in levels.items() if lv.style == style_id), 0)
        level = levels.get(ilvl, _Level())
        counters = self.counters.setdefault(aid, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lvl, start in self.nums[num_id][1].items():
                if 0 <= lvl < 10:
                    counters[lvl] = start - 1
        ilvl = min(max(ilvl, 0), 9)
        counters[ilvl] = level.start if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if level.fmt == "bullet":
            return None, ilvl, True
        if level.fmt == "none" or not level.text:
            return None, ilvl, False

        def fill(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            lv = levels.get(k, _Level())
            value = counters[k] if counters[k] is not None else lv.start
            return _format(value, "decimal" if level.legal else lv.fmt)

        return re.sub(r"%([1-9])", fill, level.text).strip() or None, ilvl, False


def _parse_level(lv: etree._Element) -> _Level:
    start = _int(_val(lv.find(W + "start")))
    return _Level(
        start=1 if start is None else start,
        fmt=_val(lv.find(W + "numFmt")) or "decimal",
        text=_val(lv.find(W + "lvlText")) or "",
        style=_val(lv.find(W + "pStyle")),
        legal=lv.find(W + "isLgl") is not None and _val(lv.find(W + "isLgl")) not in ("0", "false"),
    )


_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _format(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter") and n > 0:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)  # Word: a..z, aa..zz
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman") and n > 0:
        out = ""
        for value, sym in _ROMAN:
            while n >= value:
                out, n = out + sym, n - value
        return out.upper() if fmt == "upperRoman" else out
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
