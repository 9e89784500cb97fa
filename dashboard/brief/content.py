"""What the meeting brief says, gathered from the marts into a plain document (sections of
paragraphs, tables and pictures) that the PDF, Word and offline-HTML writers lay out alike.

Every section names the date its figures are as of and the file they came from (`loads`). No
Streamlit here: the command line and the dashboard's button both call `gather`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from data_pipeline import marts, meeting
from data_pipeline.settings import geo_path
from data_pipeline.units import unit_label

from .. import fmt

AGENCY = ("ỦY BAN NHÂN DÂN", "TỈNH CAO BẰNG")
NATION = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PLACE = "Cao Bằng"
TITLE = "BÁO CÁO NHANH"
SUBTITLE = "Tình hình thực hiện nhiệm vụ và các chỉ tiêu chủ yếu, phục vụ phiên họp UBND tỉnh"
DATASET_LABELS = {"tasks": "Nhiệm vụ UBND tỉnh giao", "disbursement": "Giải ngân vốn đầu tư công",
                  "mining": "Khai thác khoáng sản", "revenue": "Thu ngân sách nhà nước",
                  "trade": "Xuất nhập khẩu qua cửa khẩu", "growth": "Kịch bản tăng trưởng GRDP",
                  "dossiers": "Giải quyết thủ tục hành chính", "petitions": "Tiếp nhận, giải quyết đơn thư"}
STATE_LABELS = {"red": "Cảnh báo đỏ", "amber": "Cần chú ý", "green": "Đạt"}
# A brief is read on paper: every red warning of a province fits (tens of them), yellow ones only
# the first few; a ministry's store can hold a hundred thousand red ones, so those are capped too.
MAX_RED_ALERTS = 300
MAX_AMBER_ALERTS = 15
MAX_PROJECTS = 150  # low-disbursement projects, and key projects, listed at the most
MAP_VERTEX_BUDGET = 8000  # smooth enough on paper at 16 cm, light enough inline in the offline copy


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative column widths
    align: str  # one letter a column: L, C or R
    marks: list[str | None] = field(default_factory=list)  # per row: 'red', 'amber' or None


@dataclass
class Picture:
    png: bytes
    svg: str
    caption: str


@dataclass
class Section:
    key: str
    title: str
    source: str  # "Số liệu đến ngày …; nguồn: tệp …"
    blocks: list = field(default_factory=list)  # str (a paragraph), Table or Picture


@dataclass
class Brief:
    as_of: dt.date | None
    made_at: dt.datetime
    sections: list[Section]

    @property
    def place_date(self) -> str:
        d = self.made_at
        return f"{PLACE}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"

    @property
    def as_of_line(self) -> str:
        return f"(Số liệu đến ngày {fmt.date(self.as_of)})" if self.as_of else "(Chưa có số liệu)"


def _text(value, missing: str = "") -> str:
    if value is None:
        return missing
    try:
        if pd.isna(value):
            return missing
    except (TypeError, ValueError):
        pass
    return str(value)


def source_line(sources: pd.DataFrame, *datasets: str) -> str:
    """'Số liệu đến ngày 31/10/2026; nguồn: giai_ngan_T10_2026.xlsx' for the current loads of `datasets`;
    the units' own reports newer than the compilation are counted, not listed (see NGUỒN SỐ LIỆU)."""
    rows = sources[sources["dataset"].isin(datasets)] if not sources.empty else sources
    if rows.empty:
        return "Chưa có số liệu."
    own = rows[rows["part"] == "unit"] if "part" in rows else rows.iloc[:0]
    rest = rows.drop(own.index)
    dates = ", ".join(fmt.date(d) for d in sorted(set(rest["report_date"].dropna())))
    files = ", ".join(dict.fromkeys(rest["file_name"]))
    text = f"Số liệu đến ngày {dates}; nguồn: {files}" if not rest.empty else "Số liệu"
    if not own.empty:
        own_dates = ", ".join(fmt.date(d) for d in sorted(set(own["report_date"].dropna())))
        text += (f"; {fmt.number(len(own))} báo cáo riêng mới hơn của các đơn vị, đến ngày {own_dates}"
                 if not rest.empty else f" từ {fmt.number(len(own))} báo cáo riêng của các đơn vị, đến ngày {own_dates}")
    return text + "."


# --- sections -------------------------------------------------------------------------------

def _kpi_change(row) -> str:
    if row.previous is None or row.previous != row.previous:
        return "—"
    delta = row.value - row.previous
    unit = "" if row.unit == "count" else " điểm %"
    return f"{fmt.signed(delta, 0 if row.unit == 'count' else 1)}{unit}"


def headline(kpis: pd.DataFrame, sources: pd.DataFrame) -> Section:
    section = Section("headline", "I. CÁC CHỈ TIÊU CHÍNH", source_line(sources, *DATASET_LABELS))
    if kpis.empty:
        section.blocks.append("Chưa có số liệu để tổng hợp.")
        return section
    rows, marks = [], []
    for row in kpis.itertuples():
        target = f"cần đạt {fmt.pct(row.target)}" if row.unit == "pct" and row.target == row.target \
            and row.target is not None else ""
        rows.append([row.label, fmt.kpi_value(row.value, row.unit), target or "—", _kpi_change(row),
                     STATE_LABELS.get(row.state, ""), fmt.date(row.as_of)])
        marks.append(row.state if row.state in ("red", "amber") else None)
    section.blocks.append(Table(["Chỉ tiêu", "Kết quả", "Mục tiêu", "So kỳ trước", "Đánh giá", "Đến ngày"],
                                rows, [34, 13, 15, 14, 13, 12], "LRRRCC", marks))
    return section


def warnings(red: pd.DataFrame, amber: pd.DataFrame, counts: pd.DataFrame, sources: pd.DataFrame) -> Section:
    """`red`, `amber`: the first warnings of each severity, in the alerts mart's order; `counts`:
    the alert_counts mart (how many there are in all)."""
    section = Section("warnings", "II. DANH SÁCH CẢNH BÁO",
                      source_line(sources, "tasks", "disbursement", "mining", "revenue"))
    red_total = int(counts["red"].sum()) if not counts.empty else 0
    amber_total = int(counts["amber"].sum()) if not counts.empty else 0
    if not red_total and not amber_total:
        section.blocks.append("Không có cảnh báo nào.")
        return section
    red, amber = red.head(MAX_RED_ALERTS), amber.head(MAX_AMBER_ALERTS)
    listed = [f"{fmt.number(MAX_RED_ALERTS)} cảnh báo đỏ đầu tiên" if red_total > len(red) else "",
              f"{fmt.number(MAX_AMBER_ALERTS)} cảnh báo vàng đầu tiên" if amber_total > len(amber) else ""]
    listed = [part for part in listed if part]
    section.blocks.append(f"Có {fmt.number(red_total)} cảnh báo đỏ và {fmt.number(amber_total)} cảnh báo vàng"
                          + (f" (liệt kê {' và '.join(listed)})." if listed else "."))
    shown = pd.concat([frame for frame in (red, amber) if not frame.empty])
    rows = [[str(i), meeting.DOMAIN_LABELS.get(r.domain, r.domain), r.title, _text(r.responsible, "—"),
             fmt.date(r.deadline)] for i, r in enumerate(shown.itertuples(), start=1)]
    marks = ["red" if s == meeting.RED else "amber" for s in shown["severity"]]
    section.blocks.append(Table(["STT", "Lĩnh vực", "Nội dung cảnh báo", "Trách nhiệm", "Thời hạn"],
                                rows, [6, 13, 48, 21, 12], "CLLLC", marks))
    return section


def scoreboard(board: pd.DataFrame, sources: pd.DataFrame) -> Section:
    section = Section("scoreboard", "III. KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO CƠ QUAN", source_line(sources, "tasks"))
    if board.empty:
        section.blocks.append("Chưa có số liệu nhiệm vụ.")
        return section
    rows = [[r.lead_agency, fmt.number(r.assigned), fmt.number(r.done_on_time), fmt.number(r.done_late),
             fmt.number(r.in_progress + r.not_started), fmt.number(r.overdue), fmt.pct(r.pct_on_time)]
            for r in board.itertuples()]
    marks = ["red" if r.overdue > 0 else None for r in board.itertuples()]
    section.blocks.append(Table(["Cơ quan chủ trì", "Được giao", "Xong đúng hạn", "Xong trễ hạn", "Đang làm",
                                 "Quá hạn", "Tỷ lệ đúng hạn"], rows, [37, 10, 10, 10, 10, 10, 13], "LRRRRRR", marks))
    for shared in board[board["is_shared_line"]].itertuples():
        section.blocks.append(f"«{shared.lead_agency}»: {fmt.number(shared.assigned)} nhiệm vụ giao chung cho một nhóm "
                              "cơ quan (các sở, ngành, địa phương, các chủ đầu tư …) hoặc cho nhiều cơ quan cùng chủ "
                              "trì, tính riêng, không cộng vào số liệu của cơ quan nào.")
    return section


def investment(projects: pd.DataFrame, totals: pd.DataFrame, kpis: pd.DataFrame, sources: pd.DataFrame) -> Section:
    """`projects`: the first low-disbursement and the first key projects; `totals`: the
    project_totals mart (how many projects, low and key projects there are in all)."""
    section = Section("investment", "IV. GIẢI NGÂN VỐN ĐẦU TƯ CÔNG: DỰ ÁN GIẢI NGÂN THẤP VÀ DỰ ÁN TRỌNG ĐIỂM",
                      source_line(sources, "disbursement"))
    total = totals.iloc[0] if not totals.empty else None
    if total is None or not total["projects"]:
        section.blocks.append("Chưa có số liệu giải ngân.")
        return section
    rate = kpis[kpis["metric"] == "disbursement_rate"] if not kpis.empty else kpis
    if not rate.empty:
        r = rate.iloc[0]
        section.blocks.append(f"Tỷ lệ giải ngân toàn tỉnh: {fmt.pct(r['value'])} kế hoạch vốn "
                              f"(cần đạt {fmt.pct(r['target'])} theo thời gian đã qua của năm).")
    shown = projects[projects["is_low"] | projects["is_key_project"]].sort_values(
        ["is_low", "is_key_project", "rate_pct"], ascending=[False, False, True])
    if shown.empty:
        section.blocks.append("Không có dự án giải ngân thấp hay dự án trọng điểm.")
        return section
    if total["low"] > MAX_PROJECTS or total["key"] > MAX_PROJECTS:
        section.blocks.append(f"Có {fmt.number(total['low'])} dự án giải ngân thấp và {fmt.number(total['key'])} "
                              f"dự án trọng điểm; liệt kê tối đa {fmt.number(MAX_PROJECTS)} dự án mỗi loại.")
    rows = [[str(i), r.project_name + (" (trọng điểm)" if r.is_key_project else ""), _text(r.investor, "—"),
             fmt.money(r.plan_vnd), fmt.money(r.disbursed_vnd), fmt.pct(r.rate_pct), _text(r.obstacle, "—")]
            for i, r in enumerate(shown.itertuples(), start=1)]
    marks = ["red" if r.is_low else None for r in shown.itertuples()]
    section.blocks.append(Table(["STT", "Dự án", "Chủ đầu tư", "Kế hoạch", "Đã giải ngân", "Tỷ lệ", "Vướng mắc"],
                                rows, [5, 28, 17, 12, 12, 8, 18], "CLLRRRL", marks))
    return section


def _mine_finding(r) -> str:
    found = []
    if r.is_expired:
        found.append(f"giấy phép hết hạn {fmt.date(r.license_expiry)}")
    elif r.is_expiring:
        found.append(f"giấy phép sắp hết hạn ({fmt.date(r.license_expiry)})")
    if r.not_reported:
        found.append("chưa báo cáo sản lượng")
    elif r.is_far_below:
        found.append("khai thác thấp xa công suất")
    elif r.is_above:
        found.append("vượt công suất cấp phép")
    return "; ".join(found)


def mines(table: pd.DataFrame, sources: pd.DataFrame) -> Section:
    section = Section("mines", "V. KHAI THÁC KHOÁNG SẢN", source_line(sources, "mining"))
    if table.empty:
        section.blocks.append("Chưa có số liệu khoáng sản.")
        return section
    flagged = table[table["is_expired"] | table["is_expiring"] | table["not_reported"] | table["is_far_below"]
                    | table["is_above"]]
    section.blocks.append(f"Tổng số {fmt.number(len(table))} mỏ; {fmt.number(len(flagged))} mỏ cần chú ý.")
    if flagged.empty:
        return section
    rows = [[r.mine_name, _text(r.mineral, "—"), _text(r.company, "—"), _text(r.commune_name, "—"),
             fmt.pct(r.pct_of_licence), _mine_finding(r)] for r in flagged.itertuples()]
    marks = ["red" if r.is_expired else "amber" for r in flagged.itertuples()]
    section.blocks.append(Table(["Mỏ", "Khoáng sản", "Tổ chức khai thác", "Xã, phường", "% công suất", "Ghi nhận"],
                                rows, [20, 12, 22, 14, 10, 22], "LLLLRL", marks))
    return section


def revenue(items: pd.DataFrame, sources: pd.DataFrame) -> Section:
    section = Section("revenue", "VI. THU NGÂN SÁCH NHÀ NƯỚC", source_line(sources, "revenue"))
    top = items[(items["area"] == "Toàn tỉnh") & (items["depth"] <= 1)] if not items.empty else items
    if top.empty:
        section.blocks.append("Chưa có số liệu thu ngân sách.")
        return section
    section.blocks.append(f"Lũy kế đến hết tháng {fmt.month(top['period'].iloc[0])}; "
                          f"theo thời gian cần đạt {fmt.pct(top['expected_pct'].iloc[0])} dự toán.")
    rows = [[r.item_code, r.item_name, fmt.money(r.estimate_vnd), fmt.money(r.ytd_actual_vnd),
             fmt.pct(r.pct_of_estimate), fmt.pct(r.pct_of_last_year)] for r in top.itertuples()]
    marks = ["red" if r.is_behind else None for r in top.itertuples()]
    section.blocks.append(Table(["Mã", "Chỉ tiêu", "Dự toán năm", "Lũy kế", "% dự toán", "% cùng kỳ"],
                                rows, [8, 40, 15, 15, 11, 11], "LLRRRR", marks))
    return section


def trade(gates: pd.DataFrame, sources: pd.DataFrame) -> Section:
    section = Section("trade", "VII. XUẤT NHẬP KHẨU QUA CỬA KHẨU", source_line(sources, "trade"))
    if gates.empty:
        section.blocks.append("Chưa có số liệu xuất nhập khẩu.")
        return section
    section.blocks.append(f"Lũy kế từ đầu năm đến hết tháng {fmt.month(gates['latest_period'].max())}.")
    rows = [[r.gate, fmt.usd(r.export_usd), fmt.usd(r.import_usd), fmt.usd(r.total_usd),
             fmt.signed(r.change_pct, suffix="%")] for r in gates.itertuples()]
    marks = ["red" if r.is_behind else None for r in gates.itertuples()]
    section.blocks.append(Table(["Cửa khẩu", "Xuất khẩu", "Nhập khẩu", "Tổng kim ngạch", "So cùng kỳ"],
                                rows, [28, 18, 18, 20, 16], "LRRRR", marks))
    return section


def commune_maps(metrics: pd.DataFrame, sources: pd.DataFrame, geo_file: Path | None) -> Section:
    section = Section("map", "VIII. BẢN ĐỒ CÁC XÃ, PHƯỜNG", source_line(sources, "tasks", "disbursement"))
    if geo_file is None:
        section.blocks.append("Chưa có tệp ranh giới xã, phường (biến DASHBOARD_GEO) nên không vẽ được bản đồ.")
        return section
    if metrics.empty:
        section.blocks.append("Chưa có số liệu theo xã, phường.")
        return section
    from .. import geo
    from . import map_image

    stat = Path(geo_file).stat()
    boundaries = _boundaries(str(Path(geo_file).resolve()), stat.st_size, stat.st_mtime_ns)
    names = dict(zip(metrics["commune_code"], metrics["commune_name"]))
    overdue = dict(zip(metrics["commune_code"], metrics["overdue_tasks"]))
    rates = {c: (None if pd.isna(v) else v) for c, v in zip(metrics["commune_code"], metrics["disbursement_pct"])}
    layers = [
        map_image.MapLayer("Nhiệm vụ quá hạn theo xã, phường", overdue,
                           geo.count_classes(max(overdue.values(), default=0), "reds"), names),
        map_image.MapLayer("Tỷ lệ giải ngân các dự án theo xã, phường", rates, geo.percent_classes("blues"), names,
                           label_when="none"),
    ]
    for layer in layers:
        section.blocks.append(Picture(map_image.png(boundaries, layer), map_image.svg(boundaries, layer),
                                      layer.title))
    return section


@lru_cache(maxsize=2)
def _boundaries(path: str, size: int, mtime_ns: int):
    """Simplified once per version of the file (a replaced file has another size or time)."""
    from .. import geo
    return geo.read_boundaries(path, budget=MAP_VERTEX_BUDGET)


REPORT_STATES = {"on_time": "Đúng hạn", "late": "Gửi muộn", "missing": "Chưa gửi", "due": "Chưa đến hạn"}


def report_board(board: pd.DataFrame) -> Section:
    """Who has sent the month's reports: the late and missing units by name, the others counted."""
    month = board["month"].iloc[0] if not board.empty else None
    title = f"IX. TÌNH HÌNH GỬI BÁO CÁO THÁNG {fmt.month(month)}" if month is not None else "IX. TÌNH HÌNH GỬI BÁO CÁO"
    section = Section("reports", title, f"Hạn gửi: ngày {fmt.date(board['due_date'].iloc[0])}." if month is not None
                      else "Chưa có đơn vị nào phải gửi báo cáo.")
    if board.empty:
        return section
    rows, marks = [], []
    for dataset, group in board.groupby("dataset", sort=False):
        counts = group["state"].value_counts()
        missing = "; ".join(group.loc[group["state"] == "missing", "unit_name"].astype(str)) or "—"
        late = "; ".join(group.loc[group["state"] == "late", "unit_name"].astype(str)) or "—"
        rows.append([DATASET_LABELS.get(dataset, dataset), fmt.number(len(group)),
                     fmt.number(int(counts.get("on_time", 0))), late, missing])
        marks.append("red" if counts.get("missing", 0) else ("amber" if counts.get("late", 0) else None))
    section.blocks.append(Table(["Lĩnh vực", "Phải gửi", "Đúng hạn", "Gửi muộn", "Chưa gửi"],
                                rows, [24, 9, 9, 29, 29], "LRRLL", marks))
    return section


def conclusions(follow_ups: pd.DataFrame) -> Section:
    section = Section("conclusions", "X. KẾT LUẬN: CÁC NỘI DUNG ĐÁNH DẤU THEO DÕI",
                      "Do phiên họp đánh dấu trong chế độ trình chiếu.")
    if follow_ups.empty:
        section.blocks.append("Chưa có nội dung nào được đánh dấu theo dõi.")
        return section
    rows = [[str(i), f"{meeting.DOMAIN_LABELS.get(r.domain, r.domain)}: {r.title}", _text(r.responsible, "—"),
             fmt.date(r.deadline), _text(r.report_text, "—"),
             f"{_text(r.source_file, '—')}, đến {fmt.date(r.report_date)}"]
            for i, r in enumerate(follow_ups.itertuples(), start=1)]
    section.blocks.append(Table(["STT", "Nội dung", "Trách nhiệm", "Thời hạn", "Báo cáo gần nhất", "Nguồn"],
                                rows, [5, 30, 16, 12, 20, 17], "CLLCLL"))
    return section


def sources_table(sources: pd.DataFrame) -> Section:
    section = Section("sources", "NGUỒN SỐ LIỆU", "Mỗi lĩnh vực lấy từ lần nạp hiện hành trong kho dữ liệu.")
    if sources.empty:
        section.blocks.append("Chưa có lần nạp nào.")
        return section
    rows = [[DATASET_LABELS.get(r.dataset, r.dataset) + (f" ({unit_label(r.reporting_unit)})" if _text(r.reporting_unit) else ""),
             r.file_name, fmt.date(r.report_date), f"{fmt.date(r.loaded_at)} {r.loaded_at:%H:%M}",
             fmt.number(r.row_count), str(r.load_id)] for r in sources.itertuples()]
    section.blocks.append(Table(["Lĩnh vực", "Tệp", "Số liệu đến ngày", "Nạp lúc", "Số dòng", "Lần nạp"],
                                rows, [30, 30, 13, 14, 7, 6], "LLCCRR"))
    return section


def _low_and_key_projects(run) -> pd.DataFrame:
    parts = [run("disbursement_projects", only=only, limit=MAX_PROJECTS) for only in ("low", "key")]
    parts = [part for part in parts if not part.empty]
    return pd.concat(parts).drop_duplicates("project_id") if parts else pd.DataFrame(
        columns=["project_id", "is_low", "is_key_project", "rate_pct"])


# --- the whole brief ------------------------------------------------------------------------

def gather(con: duckdb.DuckDBPyConnection, geo_file: Path | None = None, made_at: dt.datetime | None = None,
           with_map: bool = True) -> Brief:
    """The brief from the store behind `con` (a read connection)."""
    def run(name: str, **params) -> pd.DataFrame:
        return marts.run_mart(con, name, **params)

    sources, kpis = run("current_sources"), run("overview_kpis")
    sections = [
        headline(kpis, sources),
        warnings(run("alerts", severity=meeting.RED, limit=MAX_RED_ALERTS),
                 run("alerts", severity=meeting.AMBER, limit=MAX_AMBER_ALERTS), run("alert_counts"), sources),
        scoreboard(run("task_scoreboard"), sources),
        investment(_low_and_key_projects(run), run("project_totals"), kpis, sources),
        mines(run("mines"), sources),
        revenue(run("revenue_items"), sources),
        trade(run("trade_gates"), sources),
    ]
    if with_map:
        sections.append(commune_maps(run("commune_metrics"), sources, geo_file if geo_file else geo_path()))
    sections += [report_board(run("report_board")), conclusions(run("follow_ups")), sources_table(sources)]
    as_of = sources["report_date"].max() if not sources.empty else None
    return Brief(as_of.date() if as_of is not None and not pd.isna(as_of) else None,
                 made_at or dt.datetime.now(), sections)
