"""The brief as a PDF in the form of an administrative report (A4, quốc hiệu, tên cơ quan), with the
DejaVu fonts embedded so every Vietnamese letter prints the same on any machine."""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.fonts import FontFace

from data_pipeline.problems import reject

from . import fonts
from .content import AGENCY, NATION, SUBTITLE, TITLE, Brief, Picture, Table

MARK_FILLS = {"red": (253, 226, 222), "amber": (255, 241, 214)}
HEAD_FILL = (232, 236, 241)
BODY_PT, TABLE_PT, SMALL_PT = 11, 8, 8.5
PICTURE_SHARE = 0.8  # of the text width: two maps fit on one page


class _Report(FPDF):
    def __init__(self, brief: Brief):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.brief = brief
        self.set_margins(left=25, top=18, right=15)
        self.set_auto_page_break(auto=True, margin=18)
        for style, family, bold in (("", "serif", False), ("B", "serif", True)):
            self.add_font("Serif", style, str(fonts.font_file(family, bold)))
        for style, family, bold in (("", "sans", False), ("B", "sans", True)):
            self.add_font("Sans", style, str(fonts.font_file(family, bold)))
        self.set_title(f"{TITLE} {brief.as_of_line}")
        self.set_author(" ".join(AGENCY))
        self.set_lang("vi")

    def footer(self):
        self.set_y(-12)
        self.set_font("Serif", "", 8)
        self.set_text_color(90, 90, 90)
        self.cell(0, 5, f"{TITLE} {self.brief.as_of_line} · Trang {self.page_no()}/{{nb}}", align="C")
        self.set_text_color(0, 0, 0)


def _header(pdf: _Report, brief: Brief) -> None:
    left_w, gap = 62, 4
    right_w = pdf.epw - left_w - gap
    top = pdf.get_y()
    pdf.set_font("Serif", "", 11)
    pdf.cell(left_w, 5, AGENCY[0], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 11)
    pdf.cell(left_w, 5, AGENCY[1], align="C", new_x="LEFT", new_y="NEXT")
    centre = pdf.l_margin + left_w / 2
    pdf.line(centre - 12, pdf.get_y() + 0.5, centre + 12, pdf.get_y() + 0.5)
    pdf.set_y(top)
    pdf.set_x(pdf.l_margin + left_w + gap)
    pdf.set_font("Serif", "B", 10.5)
    pdf.cell(right_w, 5, NATION[0], align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("Serif", "B", 11)
    pdf.cell(right_w, 5, NATION[1], align="C", new_x="LEFT", new_y="NEXT")
    centre = pdf.l_margin + left_w + gap + right_w / 2
    half = pdf.get_string_width(NATION[1]) / 2
    pdf.line(centre - half, pdf.get_y() + 0.5, centre + half, pdf.get_y() + 0.5)
    pdf.ln(3)
    pdf.set_x(pdf.l_margin + left_w + gap)
    pdf.set_font("Serif", "", 11)
    pdf.cell(right_w, 5, brief.place_date, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(7)
    pdf.set_font("Serif", "B", 14)
    pdf.cell(0, 7, TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "B", 11.5)
    pdf.multi_cell(0, 5.5, SUBTITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Serif", "", 11)
    pdf.cell(0, 6, brief.as_of_line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


# A table row must fit on one page: a cell's text is cut to about this many characters a whole text
# width (a narrow column takes its share), ending in "…"; the Word copy keeps the full text.
CELL_CHARS = 1600
SHORTENED_NOTE = "Ô có dấu «…» được rút gọn cho vừa trang in; bản Word (.docx) có đủ nội dung."


def _shortened(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rstrip() + "…"


def _table(pdf: _Report, table: Table, room: float = 1.0) -> None:
    """`room`: the share of CELL_CHARS a cell may take (less on a retry, see render)."""
    pdf.set_font("Sans", "", TABLE_PT)
    aligns = tuple({"L": "LEFT", "C": "CENTER", "R": "RIGHT"}[a] for a in table.align)
    total = sum(table.widths)
    limits = [max(40, int(CELL_CHARS * room * w / total)) for w in table.widths]
    cut = False
    with pdf.table(col_widths=table.widths, text_align=aligns, line_height=3.9, padding=(0.8, 1.2),
                   headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL), repeat_headings=1,
                   borders_layout="ALL", v_align="TOP", align="LEFT") as grid:
        head = grid.row()
        for name in table.columns:
            head.cell(name, align="CENTER")
        for i, values in enumerate(table.rows):
            mark = table.marks[i] if i < len(table.marks) else None
            style = FontFace(fill_color=MARK_FILLS[mark]) if mark else None
            row = grid.row(style=style)
            for value, limit in zip(values, limits):
                shown = _shortened(value, limit)
                cut = cut or shown != value
                row.cell(shown)
    if cut:
        pdf.set_font("Serif", "", SMALL_PT)
        pdf.multi_cell(0, 4.2, SHORTENED_NOTE, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _picture(pdf: _Report, picture: Picture) -> None:
    from PIL import Image

    image = Image.open(io.BytesIO(picture.png))
    width = pdf.epw * PICTURE_SHARE
    height = width * image.height / image.width
    if pdf.get_y() + height + 8 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.set_font("Serif", "B", BODY_PT)
    pdf.cell(0, 6, picture.caption, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.image(io.BytesIO(picture.png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width)
    pdf.ln(2)


def _room_needed(section) -> float:
    first = section.blocks[0] if section.blocks else None
    if isinstance(first, Picture):
        from PIL import Image
        image = Image.open(io.BytesIO(first.png))
        return 20 + 170 * PICTURE_SHARE * image.height / image.width
    return 30


def render(brief: Brief) -> bytes:
    """The PDF; cells are cut shorter and the brief laid out again while a table row would not fit
    on one page (fpdf2 refuses such a row), and a brief that still cannot be laid out says so."""
    for room in (1.0, 0.5, 0.25, 0.1):
        try:
            return _render(brief, room)
        except ValueError as exc:
            if "too high" not in str(exc):
                raise
    raise reject("brief-row-too-high", "Không lập được báo cáo nhanh dạng PDF: một dòng bảng quá nhiều chữ, không in "
                                       "vừa một trang. Hãy dùng bản Word (.docx).")


def _render(brief: Brief, room: float) -> bytes:
    pdf = _Report(brief)
    pdf.add_page()
    _header(pdf, brief)
    for section in brief.sections:
        if pdf.get_y() > pdf.page_break_trigger - _room_needed(section):  # a heading stays with what follows
            pdf.add_page()
        pdf.set_font("Serif", "B", BODY_PT + 0.5)
        pdf.multi_cell(0, 6, section.title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Serif", "", SMALL_PT)
        pdf.set_text_color(70, 70, 70)
        pdf.multi_cell(0, 4.2, section.source, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1)
        for block in section.blocks:
            if isinstance(block, Table):
                _table(pdf, block, room)
            elif isinstance(block, Picture):
                _picture(pdf, block)
            else:
                pdf.set_font("Serif", "", BODY_PT)
                pdf.multi_cell(0, 5.5, block, new_x="LMARGIN", new_y="NEXT")
                pdf.ln(1)
        pdf.ln(3)
    pdf.set_font("Serif", "", SMALL_PT)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(0, 4.2, f"Báo cáo lập tự động từ Bảng điều hành UBND tỉnh lúc "
                           f"{brief.made_at:%H:%M} ngày {brief.made_at:%d/%m/%Y}.", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
