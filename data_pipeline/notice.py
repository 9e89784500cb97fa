"""Reading the tasks a conclusion notice assigns, from Vietnamese administrative phrasing.

Rule-based: a sentence that assigns work ("Giao Sở X chủ trì, phối hợp với Y ... trước ngày Z",
"Sở X chủ trì ...", "yêu cầu Ban X ...") is a task; so is one that gives work to a group
("Các sở, ngành, địa phương ...", "UBND các xã, phường ...", "Giao cơ quan soạn thảo ..."), the
group being its lead as the notice words it, and two agencies named as equals ("A và B", "giữa A
và B") lead one task together ("A; B"). A numbered heading that names an agency ("1. Ban Chỉ đạo
...") makes the lettered items under it ("a) ...") that agency's tasks. Sections that only assess
the situation or state views ("I. Đánh giá tình hình", "II. Quan điểm chỉ đạo") are not read.
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
from .leads import lead_is_group
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
    r"duy trì|đẩy mạnh|tuyên truyền|vận động|phấn đấu|nâng cao|quán triệt|ưu tiên|kiên quyết|quyết liệt"
)
# (or before a colon: "UBND huyện Bình Sơn: tập trung ...")
_AGENCY = re.compile(rf"((?:{AGENCY_HEADS})\b[^,;:.()]*?)(?=\s+(?:{_ACTION})\b|\s*,\s*(?:{_ACTION})\b|:\s+(?i:{_ACTION})\b)")
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
# (not the "trình" of "công trình", "chương trình" ..., nor the "lập" of "thành lập")
_OUTPUT = re.compile(r"(?<!công )(?<!chương )(?<!quy )(?<!tờ )(?<!lộ )(?<!tiến )(?<!thành )"
                     r"\b(báo cáo|trình|tham mưu|ban hành|hoàn thiện|phê duyệt|lập)\s+([^;.]{3,90})", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d{1,2})\.\s+(.*)$")
_LETTERED = re.compile(r"^\s*([a-zđ]\)|[-+•])\s+(.*)$")  # "a) ...", or a bullet "- ..."
_GENERIC = re.compile(r"^(các|mỗi|từng|thủ trưởng|người đứng đầu)\b", re.IGNORECASE)

# A group given work together, at the start of its sentence, after a clause that sets the scene
# ("Sau khi Kế hoạch được ban hành, ...", "Về tài sản công, trụ sở dôi dư: ...", "Trước ngày 23
# hằng tháng, ...") or after "giao / yêu cầu / đề nghị". Whether the words found name a group is
# leads.lead_is_group's rule; this only finds where they begin and end (before what they must do).
_GROUP_KINDS = (r"đồng chí|thành viên|ủy viên|uỷ viên|sở|ban|ngành|cơ quan|đơn vị|địa phương|xã|phường|thị trấn|"
                r"huyện|thị xã|thành phố|bộ|chủ đầu tư|nhà đầu tư|lực lượng|tổ chức|doanh nghiệp|hội|đoàn thể|"
                r"trường|cấp|phòng|chi cục|cục|ubnd|ủy ban|uỷ ban|trung tâm|hợp tác xã")
_GROUP_START = (rf"(?i:(?:các|mỗi|từng|những)\s+(?:{_GROUP_KINDS})\b|thủ trưởng\b|người đứng đầu\b|"
                r"chủ tịch (?:ubnd|ủy ban|uỷ ban)\b|(?:ubnd|ủy ban nhân dân|uỷ ban nhân dân) (?:các|cấp)\b|"
                r"cơ quan (?:soạn thảo|chủ trì|được giao|chức năng|chuyên môn|tham mưu)\b)")
_GROUP_ACTION = _ACTION + r"|phải|cần|căn cứ|nghiêm túc|trực tiếp|cung cấp|khắc phục|gửi|nộp|cử|bố trí|sớm"
_SCENE = (r"(?:Sau khi|Trên cơ sở|Căn cứ|Đối với|Về|Để|Trong|Trước|Từ nay|Khi|Trường hợp|Riêng|Ngoài ra|Đồng thời)"
          r"\b[^:;]{0,160}?[,:]\s+")
# Nouns that hold an action word ("công trình", "chương trình", "thành lập") do not end a subject.
_COMPOUND = "".join(rf"(?!(?<=\b{first})\s+{second}\b)" for first, second in (
    ("công", "trình"), ("chương", "trình"), ("quy", "trình"), ("tờ", "trình"), ("lộ", "trình"), ("tiến", "trình"),
    ("thành", "lập"), ("độc", "lập")))
_GROUP_SUBJECT = re.compile(
    rf"^(?:{_SCENE}|.*?\b(?:[Gg]iao(?: cho)?|[Yy]êu cầu|[Đđ]ề nghị)\s+)?({_GROUP_START}.{{0,200}}?){_COMPOUND}"
    rf"(?=\s+(?:{_GROUP_ACTION})\b|:\s+(?i:{_GROUP_ACTION})\b)")
# "Các số liệu ... phải được rà soát, thống nhất giữa Sở Tài chính và Thống kê tỉnh": the two agencies
# an agreement is asked of lead it together.
_BETWEEN = re.compile(rf"\b(?:phải|cần)\s+được\b.*?\bgiữa\s+((?:{AGENCY_HEADS})\b[^,;.]*?\s+(?:và|với)\s+"
                      rf"(?:{AGENCY_HEADS})\b[^,;.]*?)(?=\s*[,;.]|\s+(?:để|trước|trong)\b|$)")
# What a sentence says of its subject before the verb, when it is no request: a description
# ("Các địa phương cơ bản hoàn thành ...", "Sở X đã phối hợp ...") or the meeting's own decision
# ("UBND tỉnh thống nhất ...", "nhất trí thông qua ...").
_NOT_ASKED = re.compile(r"(?:^|\s)(?:đã|đang|vẫn|cơ bản|bước đầu|thống nhất|nhất trí|thông qua|đồng ý|ghi nhận|"
                        r"biểu dương|hoan nghênh|đánh giá cao|chấp thuận|cho phép)(?:\s|$)", re.IGNORECASE)
# Carrying out the notice itself ("nghiêm túc triển khai thực hiện Thông báo này") is its closing
# formula, not a task of its own; nor is answering for what others let happen.
_THIS_NOTICE = re.compile(r"^(?:(?:nghiêm túc|khẩn trương|tổ chức|triển khai|thực hiện|nghiêm)\s+)*"
                          r"(?:Thông báo|Kết luận)(?: kết luận)?(?: của [^;.]{0,60})? này\b", re.IGNORECASE)
_LIABLE = re.compile(r"^(?:phải\s+)?(?:chịu trách nhiệm|bị xem xét(?:,? xử lý)? trách nhiệm)\s+(?:trước|nếu|khi|trong trường hợp)\b",
                     re.IGNORECASE)
_CLOSING = re.compile(r"^(?:Trên đây là|Nay thông báo|Văn phòng [^.]{0,60} (?:xin )?thông báo)\b")
# A section that only assesses the situation or states views: "I. Đánh giá tình hình tháng 4",
# "II. Quan điểm chỉ đạo, yêu cầu điều hành".
_SECTION = re.compile(r"^([IVX]{1,4})\.\s+(.*)$")
_ASSESSING = re.compile(r"^(?:đánh giá|tình hình|kết quả|quan điểm|bối cảnh)\b", re.IGNORECASE)


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
    raw = [re.sub(r"\s+(?=[,;:.])", "", clean(re.sub(r"[*_#>]+", " ", p)))  # "**...tháng**, các" leaves "tháng , các"
           for p in re.split(r"\n\s*\n|\r\n\s*\r\n", text)]
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
    if not m or re.match(r"\s*(?:của\s+)?(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm)\b", sentence[m.end():]):
        return None  # "trước ngày 25/12 hằng năm": a date that comes back, so no deadline
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
    agency: str  # one agency, a group as the notice words it, or equals joined by "; "
    beside: list[str]  # agencies named as co-actors: "Sở Tài chính, Thuế tỉnh ... tăng cường ..."
    title: str | None = None  # the part of the sentence that is this lead's task, where not all of it


def _task_from(sentence: str, lead: _Lead, year: int, source_doc: str | None) -> ProposedTask:
    title = lead.title or sentence
    coord = _COORD.search(title)
    output = _OUTPUT.search(title)
    agency = clean(lead.agency).rstrip(",")
    leads = {fold_words(a) for a in agency.split(";")}
    named = lead.beside + (_agencies(coord.group(1)) if coord else [])
    return ProposedTask(
        title=title.strip().rstrip("."),
        lead_agency=agency,
        coordinating_agencies=[a for a in dict.fromkeys(named) if fold_words(a) not in leads],
        deadline=_deadline(sentence, year),
        output=_sentence_case(clean(f"{output.group(1)} {output.group(2)}")) if output else None,
        source_doc=source_doc,
    )


def _sentence_case(text: str) -> str:
    """The first letter up, the rest as written ("UBND" stays "UBND")."""
    return text[:1].upper() + text[1:]


def _after(lead: str, text: str) -> str:
    """`text` after the words of `lead` it begins with (the lead's own name may hold action words)."""
    return " " + " ".join(text.split()[len(lead.split()):])


def _equals(lead: str, with_lead: str) -> str | None:
    """"A và B" / "A; B": two agencies named as equals, who lead together ("A; B"); None for one
    agency, a list of co-actors ("A, B, C") or an agency with helpers ("A và các cơ quan liên quan")."""
    parts = re.split(rf"\s*;\s*|\s+và\s+(?=(?:{AGENCY_HEADS})\b)", clean(lead + with_lead).rstrip(",. "))
    if len(parts) != 2 or any(not re.match(rf"(?:{AGENCY_HEADS})\b", p) for p in parts):
        return None
    names = [_known_at_start(p) or p for p in parts]
    if any("," in p and fold_words(p) != fold_words(n) for p, n in zip(parts, names)):
        return None
    return "; ".join(names)


def _named_lead(sentence: str) -> tuple[_Lead, str, str] | None:
    """The agency a sentence names to do the work; the words before its verb (its name, its
    co-actors); and what follows them."""
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
        after = _after(lead, m.group(1))
        subject = _SUBJECT.match(after)
        if not subject or len(subject.group(1)) > 200:
            return _Lead(lead, []), lead, after.strip()
        before, rest = lead + subject.group(1), after[subject.end(1):].strip()
        together = _equals(lead, subject.group(1))
        if together:
            return _Lead(together, []), before, rest
        return _Lead(lead, [a for a in _agencies(subject.group(1)) if fold_words(a) != fold_words(lead)]), before, rest
    return None


def _group_lead(sentence: str) -> tuple[_Lead, str, str] | None:
    """As _named_lead, for a group given the work together."""
    m = _GROUP_SUBJECT.match(sentence)
    if not m or not lead_is_group(m.group(1)):
        return None
    # "Các sở, ngành theo chức năng, nhiệm vụ được giao ...": who, without how they go about it
    group = re.sub(r"\s+theo\s+(?:chức năng|thẩm quyền|lĩnh vực|địa bàn|phạm vi|nhiệm vụ)\b.*$", "", clean(m.group(1)))
    group = group.rstrip(",: ")
    return _Lead(_sentence_case(group), []), m.group(1), sentence[m.end(1):].strip()


def _compiler(sentence: str) -> _Lead | None:
    """"... gửi Sở Tài chính trước ngày X để tổng hợp, tham mưu ...": the agency that compiles what
    others send, its task the whole sentence."""
    sent_to = _SENT_TO.search(sentence)
    lead = _known_at_start(sent_to.group(1)) if sent_to else None
    if not lead:
        return None
    together = _equals(lead, _after(lead, sent_to.group(1)))
    if together:
        return _Lead(together, [])
    return _Lead(lead, [a for a in _agencies(sent_to.group(1)) if a != lead])


def _asked(found: tuple[_Lead, str, str] | None) -> _Lead | None:
    """The lead found, when the sentence asks something of it: not a description or the meeting's
    decision, nor carrying out the notice itself, nor answering for what others let happen."""
    if not found or _NOT_ASKED.search(found[1]) or _THIS_NOTICE.match(found[2]) or _LIABLE.match(found[2]):
        return None
    return found[0]


def _leads_in(sentence: str) -> list[_Lead]:
    """The tasks one sentence gives: its subject's, and that of an agency compiling what the
    subject sends ("..., gửi Sở Tài chính để tổng hợp"), each with its lead."""
    if _CLOSING.match(sentence) or sentence.rstrip().endswith(":"):
        return []
    found = _named_lead(sentence) or _group_lead(sentence)
    subject = _asked(found)
    if not found:
        between = _BETWEEN.search(sentence)
        together = _equals(between.group(1), "") if between else None
        subject = _Lead(together, []) if together else None
    compiler = _compiler(sentence)
    if compiler is None or (subject and fold_words(subject.agency) == fold_words(compiler.agency)):
        return [subject] if subject else []
    if subject is None:
        return [compiler]
    # The senders' task ends where the compiling begins: "..., gửi Sở Tài chính trước ngày X".
    subject.title = sentence[:_SENT_TO.search(sentence).start(1)] + _SENT_TO.search(sentence).group(1)
    return [subject, compiler]


def _paragraph_leads(sentences: list[str]) -> list[list[_Lead]]:
    leads = [_leads_in(s) for s in sentences]
    # "Đồng thời, chủ trì, phối hợp với ...": the same agency takes on a second assignment.
    for i in range(1, len(sentences)):
        if not leads[i] and re.match(r"Đồng thời\b", sentences[i]) and re.search(r"\bchủ trì\b", sentences[i]):
            before = next((found[0] for found in reversed(leads[:i]) if found), None)
            leads[i] = [_Lead(before.agency, [])] if before else []
    # "Tăng cường quản lý, bảo vệ rừng; ... Chủ tịch UBND xã, phường chịu trách nhiệm nếu để xảy ra
    # vi phạm ...": work asked with no subject, then who answers for it: that one's task.
    for j, sentence in enumerate(sentences):
        found = None if leads[j] else (_named_lead(sentence) or _group_lead(sentence))
        if not found or not _LIABLE.match(found[2]):
            continue
        first = j
        while first > 0 and not leads[first - 1] and re.match(rf"(?:{_ACTION})\b", sentences[first - 1], re.IGNORECASE):
            first -= 1
        if first < j:
            leads[first] = [_Lead(found[0].agency, [], " ".join(sentences[first:j + 1]))]
    return leads


def _sentences(paragraph: str) -> list[str]:
    """A paragraph's sentences; a list of who must act, cut by ';' ("Thủ trưởng các sở, ban, ngành;
    Chủ tịch UBND các xã, phường; ... phải ..."), stays with what they must do."""
    out: list[str] = []
    for part in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", paragraph):
        if out and out[-1].endswith(";") and not re.search(rf"\b(?:{_GROUP_ACTION})\b", out[-1]):
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def extract_tasks(text: str) -> list[ProposedTask]:
    source_doc = source_doc_of(text)
    year = _year_of(text)
    tasks: list[ProposedTask] = []
    group_lead: str | None = None
    assessing = False
    for paragraph in _paragraphs(text):
        if re.match(r"^(Nơi nhận|TL\.|KT\.|TM\.)", paragraph):
            break
        section = _SECTION.match(paragraph)
        if section:
            assessing = bool(_ASSESSING.match(section.group(2)))
        if assessing:
            continue
        numbered, lettered = _NUMBERED.match(paragraph), _LETTERED.match(paragraph)
        if lettered and group_lead:
            tasks.append(_task_from(lettered.group(2), _Lead(group_lead, []), year, source_doc))
            continue
        if numbered:
            body = numbered.group(2)
            heading_agency = _LEADS.match(body) or (re.match(_GROUP_START, body) and lead_is_group(body))
            if heading_agency and len(body) < 120 and not re.search(rf"\b({_ACTION})\b", body):
                group_lead = clean(body).rstrip(": ")  # "1. Ban Chỉ đạo ... huyện Bình Sơn": items follow
                continue
            group_lead = None
            paragraph = body
        elif lettered:
            paragraph = lettered.group(2)  # an item under a heading that names no agency
        else:
            group_lead = None if len(paragraph) > 200 else group_lead
        sentences = _sentences(paragraph)
        leads = _paragraph_leads(sentences)
        first = len(tasks)
        for i, (sentence, found) in enumerate(zip(sentences, leads)):
            if not found:
                if re.match(r"Nội dung tham mưu\b", sentence):
                    _date_what_was_proposed(tasks[first:], _deadline(sentence, year))
                continue
            for lead in found:
                task = _task_from(sentence, lead, year, source_doc)
                # A deadline often closes the paragraph: it belongs to the last assignment before it.
                for later, later_found in zip(sentences[i + 1:], leads[i + 1:]):
                    if task.deadline or later_found:
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
