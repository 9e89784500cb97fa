"""Reading the tasks a conclusion notice assigns, from Vietnamese administrative phrasing.

Rule-based: a sentence that assigns work ("Giao Sở X chủ trì, phối hợp với Y ... trước ngày Z",
"Sở X chủ trì ...", "yêu cầu Ban X ...") is a task; a numbered heading that names an agency
("1. Ban Chỉ đạo ...") makes the lettered items under it ("a) ...") that agency's tasks.
The proposal is for staff to correct; it is never loaded without their confirmation.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tomllib
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

from .exports import csv_text
from .problems import reject
from .readers import decode_text
from .settings import PACKAGE_DIR, setting
from .text import clean, fold_words
from .values import parse_date

# How an agency's name begins; heads that are also common words need a capitalised word after them.
AGENCY_HEADS = (
    r"Sở|Ban(?= [A-ZĐ])|Văn phòng|UBND|Ủy ban|Uỷ ban|Thuế|Chi cục|Công an|Bộ Chỉ huy|Thanh tra|Thống kê|"
    r"Kho bạc|Ngân hàng|Đài(?= [A-ZĐ])|Báo(?= [A-ZĐ])|Tỉnh đoàn|Liên minh|Hội(?= [A-ZĐ])|Bảo hiểm|"
    r"Cục(?= [A-ZĐ])|Trường(?= [A-ZĐ])|Trung tâm(?= [A-ZĐ])|Quỹ(?= [A-ZĐ])|Viện(?= [A-ZĐ])"
)
# Words that end an agency's name: what it is asked to do, or who it works with.
_ACTION = (
    r"chủ trì|phối hợp|tập trung|khẩn trương|tham mưu|chịu trách nhiệm|có trách nhiệm|hoàn thành|hoàn thiện|"
    r"rà soát|đôn đốc|chỉ đạo|thực hiện|triển khai|hướng dẫn|báo cáo|xây dựng|nghiên cứu|theo dõi|kiểm tra|"
    r"tổ chức|lập|trình|xử lý|tăng cường|phân bổ|cập nhật|chủ động|đánh giá|tiếp tục|đẩy nhanh|quản lý|"
    r"tiếp thu|bảo đảm|đảm bảo|kịp thời|thường xuyên|định kỳ|giải quyết|chuẩn bị|tích hợp|vận hành|công bố|"
    r"duy trì"
)
_AGENCY = re.compile(rf"((?:{AGENCY_HEADS})\b[^,;:.()]*?)(?=\s+(?:{_ACTION})\b|\s*,\s*(?:{_ACTION})\b)")
_ASSIGN = re.compile(rf"\b(?:[Gg]iao(?: cho)?|yêu cầu|Yêu cầu|đề nghị|Đề nghị)\s+((?:{AGENCY_HEADS})\b.*)")
_LEADS = re.compile(rf"^((?:{AGENCY_HEADS})\b.*)")
# "Đối với quy hoạch chung cấp xã, Sở Tài chính phối hợp ...": the agency after a topic clause.
_TOPIC_LEADS = re.compile(rf"^(?:Đối với|Về)\s[^:;]{{3,160}}?[,:]\s+((?:{AGENCY_HEADS})\b.*)")
# "... gửi Văn phòng UBND tỉnh và Sở Tài chính để tổng hợp, trình ...": who compiles what others send.
_SENT_TO = re.compile(rf"\bgửi\s+((?:{AGENCY_HEADS})\b[^;.]*?)\s+để\s+(?:tổng hợp|tham mưu)")
_SUBJECT = re.compile(rf"^(.*?)\s+(?:{_ACTION})\b")
_COORD = re.compile(r"(?i:phối hợp) (?:chặt chẽ )?(?:với )?(.+?)(?=\s+(?:" + _ACTION.replace("phối hợp|", "") + r")\b|[;:.]|$)")
_DEADLINE = re.compile(r"(?:trước|trong|chậm nhất|hạn|hoàn thành)\s+(?:ngày\s+)?(\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{2,4})?)",
                       re.IGNORECASE)
_OUTPUT = re.compile(r"\b(báo cáo|trình|tham mưu|ban hành|hoàn thiện|phê duyệt)\s+([^;.]{3,90})", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d{1,2})\.\s+(.*)$")
_LETTERED = re.compile(r"^\s*([a-zđ])\)\s+(.*)$")
_GENERIC = re.compile(r"^(các|mỗi|từng|thủ trưởng|người đứng đầu)\b", re.IGNORECASE)


@dataclass
class ProposedTask:
    title: str
    lead_agency: str
    coordinating_agencies: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    output: str | None = None
    source_doc: str | None = None


def read_notice(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError:
        raise reject("file-missing", f'Không mở được tệp "{path.name}".') from None
    return notice_text(data, path.name)


def notice_text(data: bytes, file_name: str) -> str:
    """The text of a notice sent as bytes: a .docx's paragraphs, or plain text in any encoding
    Vietnamese offices use. A .docx whose text part would unpack beyond the set limit is refused."""
    if not file_name.lower().endswith(".docx"):
        return decode_text(data)
    limit_mb = float(setting("upload", "max_uncompressed_mb", 300))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if zf.getinfo("word/document.xml").file_size > limit_mb * 1024 * 1024:
                raise reject("too-large", f'Tệp "{file_name}" khi giải nén vượt giới hạn {limit_mb:g} MB.')
            xml = zf.read("word/document.xml")
        root = ElementTree.fromstring(xml)
    except (zipfile.BadZipFile, KeyError, OSError, ElementTree.ParseError):
        raise reject("corrupt", f'Tệp "{file_name}" không phải tệp .docx hợp lệ.') from None
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{ns}t")) for p in root.iter(f"{ns}p")]
    return "\n\n".join(paragraphs)


def _paragraphs(text: str) -> list[str]:
    """Paragraphs with markdown marks removed, re-joined where a page break cut a sentence."""
    raw = [clean(re.sub(r"[*_#>]+", " ", p)) for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text)]
    out: list[str] = []
    for p in raw:
        if not p:
            continue
        starts_item = bool(re.match(r"^([a-zđ]\)|\d{1,2}\.)\s", p))
        if out and not starts_item and not re.search(r"[.:;!?]$", out[-1]) and (p[0].islower() or out[-1].endswith(("-", "–"))):
            out[-1] = f"{out[-1]} {p}"
        else:
            out.append(p)
    return out


def source_doc_of(text: str) -> str | None:
    number = re.search(r"Số:\s*([0-9]+)\s*/\s*([A-ZĐ\-]+)", text)
    date = re.search(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", text)
    if number:
        doc = f"Thông báo {number.group(1)}/{number.group(2)}"
        return f"{doc} ngày {int(date.group(1)):02d}/{int(date.group(2)):02d}/{date.group(3)}" if date else doc
    title = re.search(r"(Kết luận của [^\n]{10,200})", text)
    return clean(re.sub(r"[*#]", "", title.group(1))) if title else None


def _year_of(text: str) -> int:
    years = re.findall(r"\b(20\d\d)\b", text[:3000])
    return int(years[0]) if years else dt.date.today().year


def _deadline(sentence: str, year: int) -> dt.date | None:
    m = _DEADLINE.search(sentence)
    if not m:
        return None
    value = re.sub(r"\s+", "", m.group(1))
    if value.count("/") == 1:
        value = f"{value}/{year}"
    try:
        found = parse_date(value)
    except ValueError:
        return None
    return found if isinstance(found, dt.date) else None


@lru_cache(maxsize=1)
def known_agencies() -> list[tuple[str, str]]:
    """(folded, official) names, longest first."""
    with open(PACKAGE_DIR / "agencies.toml", "rb") as fh:
        names = tomllib.load(fh)["names"]
    return sorted(((fold_words(n), n) for n in names), key=lambda p: -len(p[0]))


def _known_at_start(text: str) -> str | None:
    folded = fold_words(text)
    for key, name in known_agencies():
        if folded == key or folded.startswith(key + " "):
            return name
    return None


def _agencies(text: str) -> list[str]:
    """Agencies named in a 'phối hợp với ...' clause; generic 'các cơ quan liên quan' left out."""
    found = []
    for part in re.split(r",\s*|;\s*|\s+và\s+", text):
        part = clean(re.split(r"\s+(?:trong|để|về|theo|tại)\s", part)[0]).rstrip(".")
        if not part or re.search(r"liên quan|\bcác\b|đơn vị|địa phương|nhà đầu tư|chủ đầu tư", part, re.IGNORECASE):
            continue
        if re.match(rf"(?:{AGENCY_HEADS})\b", part):
            found.append(_known_at_start(part) or part)
    # Names with "và" inside them ("Sở Khoa học và Công nghệ") are whole in the known list.
    folded = fold_words(text)
    for key, name in known_agencies():
        if re.search(rf"(?<![a-z]){re.escape(key)}(?![a-z])", folded) and name not in found:
            found = [f for f in found if not fold_words(name).startswith(fold_words(f))] + [name]
    return list(dict.fromkeys(found))


@dataclass
class _Lead:
    agency: str
    beside: list[str]  # agencies named as co-actors: "Sở Tài chính, Thuế tỉnh ... tăng cường ..."


def _task_from(sentence: str, lead: _Lead, year: int, source_doc: str | None) -> ProposedTask:
    coord = _COORD.search(sentence)
    output = _OUTPUT.search(sentence)
    agency = clean(lead.agency).rstrip(",")
    named = lead.beside + (_agencies(coord.group(1)) if coord else [])
    return ProposedTask(
        title=sentence.strip().rstrip("."),
        lead_agency=agency,
        coordinating_agencies=[a for a in dict.fromkeys(named) if fold_words(a) != fold_words(agency)],
        deadline=_deadline(sentence, year),
        output=clean(f"{output.group(1)} {output.group(2)}").capitalize() if output else None,
        source_doc=source_doc,
    )


def _named_with(lead: str, text: str) -> list[str]:
    """The other agencies named with the lead before what they are asked to do."""
    after_lead = " " + " ".join(text.split()[len(lead.split()):])  # the lead's own name may hold action words
    subject = _SUBJECT.match(after_lead)
    if not subject or len(subject.group(1)) > 200:
        return []
    return [a for a in _agencies(subject.group(1)) if fold_words(a) != fold_words(lead)]


def _lead_in(sentence: str) -> _Lead | None:
    for pattern in (_ASSIGN, _LEADS, _TOPIC_LEADS):
        m = pattern.search(sentence)
        if not m:
            continue
        lead = _known_at_start(m.group(1))
        if not lead:
            agency = _AGENCY.match(m.group(1))
            if not agency or _GENERIC.match(agency.group(1)):
                continue
            lead = agency.group(1)
        return _Lead(lead, _named_with(lead, m.group(1)))
    sent_to = _SENT_TO.search(sentence)
    if sent_to:
        lead = _known_at_start(sent_to.group(1))
        if lead:
            return _Lead(lead, [a for a in _agencies(sent_to.group(1)) if a != lead])
    return None


def _paragraph_leads(sentences: list[str]) -> list[_Lead | None]:
    leads = [_lead_in(s) for s in sentences]
    # "Đồng thời, chủ trì, phối hợp với ...": the same agency takes on a second assignment.
    for i in range(1, len(sentences)):
        if leads[i] is None and re.match(r"Đồng thời\b", sentences[i]) and re.search(r"\bchủ trì\b", sentences[i]):
            before = next((lead for lead in reversed(leads[:i]) if lead), None)
            leads[i] = _Lead(before.agency, []) if before else None
    return leads


def extract_tasks(text: str) -> list[ProposedTask]:
    source_doc = source_doc_of(text)
    year = _year_of(text)
    tasks: list[ProposedTask] = []
    group_lead: str | None = None
    for paragraph in _paragraphs(text):
        if re.match(r"^(Nơi nhận|TL\.|KT\.|TM\.)", paragraph):
            break
        numbered, lettered = _NUMBERED.match(paragraph), _LETTERED.match(paragraph)
        if lettered and group_lead:
            tasks.append(_task_from(lettered.group(2), _Lead(group_lead, []), year, source_doc))
            continue
        if numbered:
            body = numbered.group(2)
            heading_agency = _LEADS.match(body)
            if heading_agency and len(body) < 120 and not re.search(rf"\b({_ACTION})\b", body):
                group_lead = clean(body)  # "1. Ban Chỉ đạo ... huyện Bình Sơn": items follow
                continue
            group_lead = None
            paragraph = body
        elif not lettered:
            group_lead = None if len(paragraph) > 200 else group_lead
        sentences = re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", paragraph)
        leads = _paragraph_leads(sentences)
        first = len(tasks)
        for i, (sentence, lead) in enumerate(zip(sentences, leads)):
            if not lead:
                if re.match(r"Nội dung tham mưu\b", sentence):
                    _date_what_was_proposed(tasks[first:], _deadline(sentence, year))
                continue
            task = _task_from(sentence, lead, year, source_doc)
            # A deadline often closes the paragraph: it belongs to the last assignment before it.
            for later, later_lead in zip(sentences[i + 1:], leads[i + 1:]):
                if task.deadline or later_lead:
                    break
                task.deadline = _deadline(later, year)
            tasks.append(task)
    return tasks


def _date_what_was_proposed(tasks: list[ProposedTask], deadline: dt.date | None) -> None:
    """"Nội dung tham mưu trình UBND tỉnh trước ngày X" dates every proposal ("tham mưu") the
    paragraph asked for, not only the last assignment."""
    for task in tasks:
        if deadline and task.deadline is None and re.search(r"\btham mưu\b", task.title):
            task.deadline = deadline


CSV_COLUMNS = ["title", "lead_agency", "coordinating_agencies", "deadline", "output", "source_doc", "status"]


def tasks_to_csv(tasks: list[ProposedTask]) -> str:
    """The tasks columns of the data contract; 'status' is left for staff to fill in. Text that a
    spreadsheet would take for a formula is escaped (see exports.safe_cell)."""
    return csv_text(CSV_COLUMNS, ([t.title, t.lead_agency, "; ".join(t.coordinating_agencies),
                                   t.deadline.isoformat() if t.deadline else "", t.output or "",
                                   t.source_doc or "", ""] for t in tasks))


def extract_tasks_csv(path: Path) -> str:
    if not path.exists():
        raise reject("file-missing", f'Không có tệp "{path}".')
    return tasks_to_csv(extract_tasks(read_notice(path)))
