"""The brief as a Word document (.docx), laid out like the PDF, for the office to edit before printing.
Times New Roman, as administrative documents use; Word has it on every office machine."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from .content import AGENCY, NATION, SUBTITLE, TITLE, Brief, Picture, Table

FONT = "Times New Roman"
MARK_FILLS = {"red": "FDE2DE", "amber": "FFF1D6"}
HEAD_FILL = "E8ECF1"
ALIGN = {"L": WD_ALIGN_PARAGRAPH.LEFT, "C": WD_ALIGN_PARAGRAPH.CENTER, "R": WD_ALIGN_PARAGRAPH.RIGHT}


def _paragraph(cell_or_doc, text: str = "", *, bold: bool = False, italic: bool = False, size: float = 13,
               align=WD_ALIGN_PARAGRAPH.LEFT, colour: RGBColor | None = None, after: float = 3):
    paragraph = cell_or_doc.add_paragraph()
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(after)
    paragraph.paragraph_format.space_before = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold, italic, Pt(size)
    if colour is not None:
        run.font.color.rgb = colour
    return paragraph


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _header(doc, brief: Brief) -> None:
    grid = doc.add_table(rows=1, cols=2)
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = grid.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(10.5)
    left.paragraphs[0].text = ""
    _paragraph(left, AGENCY[0], size=12.5, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(left, AGENCY[1], bold=True, size=12.5, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(left, "―――――", size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(right, NATION[0], bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(right, NATION[1], bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(right, "―――――――――――――", size=10, align=WD_ALIGN_PARAGRAPH.CENTER, after=2)
    _paragraph(right, brief.place_date, italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    for cell in (left, right):
        first = cell.paragraphs[0]
        first._element.getparent().remove(first._element)
    _paragraph(doc, "", after=6)
    _paragraph(doc, TITLE, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(doc, SUBTITLE, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
    _paragraph(doc, brief.as_of_line, italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, after=12)


def _table(doc, table: Table) -> None:
    grid = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(table.widths)
    widths = [Cm(17 * w / total) for w in table.widths]
    head = grid.rows[0]
    _repeat_header(head)
    for cell, name, width in zip(head.cells, table.columns, widths):
        cell.width = width
        _shade(cell, HEAD_FILL)
        _fill(cell, name, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    for i, values in enumerate(table.rows):
        mark = table.marks[i] if i < len(table.marks) else None
        cells = grid.add_row().cells
        for cell, value, align, width in zip(cells, values, table.align, widths):
            cell.width = width
            _fill(cell, value, ALIGN[align])
            if mark:
                _shade(cell, MARK_FILLS[mark])
    _paragraph(doc, "", after=4)


def _fill(cell, text: str, align, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.font.size = bold, Pt(10)


def render(brief: Brief) -> bytes:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = FONT, Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    doc.core_properties.title = f"{TITLE} {brief.as_of_line}"
    doc.core_properties.author = " ".join(AGENCY)
    doc.core_properties.language = "vi-VN"
    _header(doc, brief)
    for part in brief.sections:
        _paragraph(doc, part.title, bold=True, size=13, after=0)
        _paragraph(doc, part.source, italic=True, size=11, colour=RGBColor(0x50, 0x50, 0x50), after=4)
        for block in part.blocks:
            if isinstance(block, Table):
                _table(doc, block)
            elif isinstance(block, Picture):
                _paragraph(doc, block.caption, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, after=0)
                doc.add_picture(io.BytesIO(block.png), width=Cm(16))
                doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            else:
                _paragraph(doc, block, size=13)
    _paragraph(doc, f"Báo cáo lập tự động từ Bảng điều hành UBND tỉnh lúc {brief.made_at:%H:%M} ngày "
                    f"{brief.made_at:%d/%m/%Y}.", italic=True, size=11, colour=RGBColor(0x50, 0x50, 0x50))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
