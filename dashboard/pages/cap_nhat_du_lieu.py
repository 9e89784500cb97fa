"""Cập nhật dữ liệu: upload spreadsheets, see what they would change, confirm; load history with
rollback; blank templates; commune boundaries. Every check and load goes through data_pipeline,
the same functions as the command line; this page only lays them out."""

from __future__ import annotations

import datetime as dt
import pandas as pd
import streamlit as st

from dashboard import auth, data, fmt
from dashboard.notice_reader import show_notice_reader
from dashboard.widgets import REPORT_STATES, page_setup, upload_limit_note
from data_pipeline import store
from data_pipeline.accounts import UploadPermit
from data_pipeline.ingest import apply_scope
from data_pipeline.preview import CHANGE_LABELS, column_label, compare_with_current
from data_pipeline.problems import Problem, Rejected
from data_pipeline.recognise import DATASETS, specs
from data_pipeline.units import unit_label
from data_pipeline.upload import (MAX_KEPT, check_file, display_name, give_memory_back, ingest_upload,
                                  record_upload_refused, template_files)

account = auth.require("editor")
# the datasets, and where set the communes or agencies, this account may load (and loads as)
permit = UploadPermit(account)

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
UNITS = {None: "Theo biểu", "đồng": "Đồng (hoặc USD)", "nghìn": "Nghìn", "triệu": "Triệu", "tỷ": "Tỷ"}
UNEXPECTED = ("Lỗi không mong đợi ({}); dữ liệu trong kho giữ nguyên. "
              "Hãy gửi tệp này cho quản trị hệ thống.")
SEVERITY_LABELS = {"error": "Lỗi", "warning": "Cảnh báo"}
STATUS_LABELS = {"active": "Còn hiệu lực", "rolled_back": "Đã hoàn tác"}
TASK_STATUS_LABELS = {"done_on_time": "Hoàn thành đúng hạn", "done_late": "Hoàn thành chậm",
                      "in_progress": "Đang thực hiện", "overdue": "Quá hạn", "not_started": "Chưa thực hiện"}
# Coded values of the other datasets, shown in words in the file's rows.
VALUE_LABELS = {("tasks", "status"): TASK_STATUS_LABELS,
                ("petitions", "status"): {"settled": "Đã giải quyết", "pending": "Đang giải quyết"},
                ("petitions", "kind"): {"complaint": "Khiếu nại", "denunciation": "Tố cáo",
                                        "recommendation": "Kiến nghị, phản ánh"}}
PREVIEW_ROWS = 10


def dataset_label(name: str | None) -> str:
    return specs()[name].label if name in DATASETS else "Tự nhận biết"


def session_user() -> str:
    """The signed-in account, as recorded in the load history and the audit log."""
    return account.username


# --- formatting (layout only) -----------------------------------------------------------------

def value_text(kind: str, value) -> str:
    if kind == "vnd":
        return fmt.money(value)
    if kind == "usd":
        return fmt.usd(value)
    if kind == "pct":
        return fmt.pct(value)
    return fmt.number(value)


def delta_text(kind: str, before, after) -> str:
    if pd.isna(after) and pd.isna(before):
        return "—"
    diff = (0 if pd.isna(after) else after) - (0 if pd.isna(before) else before)
    if kind == "vnd":
        big = abs(diff) >= 1e9 or diff == 0
        return fmt.signed(diff / 1e9, 1, " tỷ đồng") if big else fmt.signed(diff / 1e6, 1, " triệu đồng")
    if kind == "usd":
        big = abs(diff) >= 1e6 or diff == 0
        return fmt.signed(diff / 1e6, 1, " triệu USD") if big else fmt.signed(diff / 1e3, 1, " nghìn USD")
    if kind == "pct":
        return fmt.signed(diff, 1, " điểm %")
    return fmt.signed(diff, 0)


def totals_table(totals: pd.DataFrame, *, after_label: str = "Sau khi nạp") -> pd.DataFrame:
    return pd.DataFrame({
        "Chỉ tiêu": totals["label"],
        "Trước khi nạp": [value_text(k, v) for k, v in zip(totals["kind"], totals["before"])],
        after_label: [value_text(k, v) for k, v in zip(totals["kind"], totals["after"])],
        "Chênh lệch": [delta_text(k, b, a) for k, b, a in zip(totals["kind"], totals["before"], totals["after"])],
    })


def problems_table(problems) -> pd.DataFrame:
    return pd.DataFrame({
        "Mức": [SEVERITY_LABELS.get(p.severity, p.severity) for p in problems],
        "Sheet": [p.sheet or "—" for p in problems],
        "Dòng": [str(p.row) if p.row is not None else "—" for p in problems],
        "Cột": [p.column or "—" for p in problems],
        "Nội dung": [p.message for p in problems],
    })


def cell_text(column: str, value) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if column.endswith("_vnd"):
        return fmt.money(value)
    if column.endswith("_usd"):
        return fmt.usd(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return fmt.month(value) if column == "period" else fmt.date(value)
    if isinstance(value, float):
        return fmt.number(value, 0 if value.is_integer() else 2)
    return str(value)


def file_rows_table(dataset: str, rows: pd.DataFrame) -> pd.DataFrame:
    head = rows.head(PREVIEW_ROWS)
    columns = ["source_row"] + [c for c in head.columns if c != "source_row"]
    shown = {}
    for c in columns:
        labels = VALUE_LABELS.get((dataset, c))
        values = head[c].map(labels).fillna(head[c]) if labels else head[c]
        shown[column_label(dataset, c)] = [cell_text(c, v) for v in values]
    return pd.DataFrame(shown)


def changes_table(changes: pd.DataFrame) -> pd.DataFrame:
    moved = changes[changes["change"].isin(["added", "removed", "changed"])]
    return pd.DataFrame({
        "Thay đổi": moved["change_label"],
        "Khóa": moved["key"].astype(str),
        "Tên": moved["name"].fillna("").astype(str),
        "Cột thay đổi": moved["changed_labels"],
    })


# --- checking an uploaded file (kept per file and options, so a rerun does not read it again) --

def checked(uploaded, dataset: str | None, report_date: dt.date | None, unit: str | None, scope: str | None):
    """(UploadCheck, None) or (None, (the first problems, how many errors in all)) for an uploaded
    file with the chosen options. A check is made again once the current data has changed (what
    loading the file would change is then different); a refusal stays as it was."""
    cache = st.session_state.setdefault("upload_checks", {})
    key = (uploaded.file_id, dataset, report_date, unit, scope)
    found = cache.get(key)
    if found is None or (found[0] is not None and found[0].data_version != data.version()):
        cache.pop(key, None)  # the old check's memory goes before a new one is made
        try:
            found = (check_file(uploaded.getvalue(), uploaded.name, db=data.db_path(), dataset=dataset,
                                report_date=report_date, unit=unit, permit=permit, scope=scope), None)
        except Rejected as exc:
            record_upload_refused(data.db_path(), session_user(), uploaded.getvalue(), uploaded.name, exc.problems)
            errors = sum(1 for p in exc.problems if p.severity == "error")
            found = (None, (exc.problems[:MAX_KEPT], errors))
            del exc
            give_memory_back()
        except Exception as exc:  # the last guard: a message, never a traceback
            found = (None, ([Problem("unexpected", UNEXPECTED.format(type(exc).__name__))], 1))
        cache[key] = found
    return found


def forget_other_files(file_ids: set[str]) -> None:
    cache = st.session_state.get("upload_checks", {})
    for key in [k for k in cache if k[0] not in file_ids]:
        del cache[key]


def show_loaded(done: dict) -> None:
    st.success(f"Đã nạp tệp «{fmt.md(done['file_name'])}»: {done['label']}, {fmt.number(done['rows'])} dòng, "
               f"số liệu đến ngày {fmt.date(done['report_date'])}. Mã lần nạp (load_id): **{done['load_id']}**.")
    if done.get("totals") is not None:
        st.markdown("**Số liệu hiện hành sau khi nạp**")
        now = done["totals"]
        st.dataframe(pd.DataFrame({"Chỉ tiêu": now["label"],
                                   "Số liệu hiện hành": [value_text(k, v) for k, v in zip(now["kind"], now["before"])]}),
                     hide_index=True, width="stretch")


def show_upload(uploaded) -> None:
    name = display_name(uploaded.name)
    done = st.session_state.setdefault("upload_done", {}).get(uploaded.file_id)
    with st.container(border=True):
        st.markdown(f"**Tệp «{fmt.md(name)}»**")
        if done:
            show_loaded(done)
            return
        c1, c2, c3 = st.columns(3)
        dataset = c1.selectbox("Loại dữ liệu", [None, *DATASETS], format_func=dataset_label,
                               help="Để «Tự nhận biết» trừ khi trang nhận nhầm loại biểu.",
                               key=f"dataset-{uploaded.file_id}")
        report_date = c2.date_input("Ngày số liệu (nếu tiêu đề không ghi)", value=None, format="DD/MM/YYYY",
                                    key=f"date-{uploaded.file_id}")
        unit = c3.selectbox("Đơn vị tiền (nếu biểu không ghi)", list(UNITS), format_func=UNITS.get,
                            help="Dùng khi biểu không ghi «Đơn vị tính»: nghìn, triệu, tỷ đồng, hoặc nghìn, triệu USD "
                                 "với biểu xuất nhập khẩu. Để «Theo biểu» thì coi là triệu đồng.",
                            key=f"unit-{uploaded.file_id}")
        scope = st.session_state.get(f"scope-{uploaded.file_id}")
        options = (dataset, report_date, unit, scope)
        check, refusal = checked(uploaded, *options)
        if check is None:
            problems, errors = refusal
            st.error(f"Tệp không được nhận: {fmt.number(errors)} lỗi. Hãy sửa các ô nêu dưới đây rồi tải lại; "
                     "kho dữ liệu không thay đổi." + (f" Dưới đây là {fmt.number(len(problems))} lỗi đầu tiên."
                                                      if errors > len(problems) else ""))
            st.dataframe(problems_table(problems), hide_index=True, width="stretch")
            return
        recognised = "theo lựa chọn" if dataset else "tự nhận biết"
        st.success(f"Loại dữ liệu ({recognised}): **{check.label}** · {fmt.number(check.row_count)} dòng · "
                   f"số liệu đến ngày {fmt.date(check.report_date)} · sheet «{fmt.md(check.sheet_name)}»"
                   + (f" · {fmt.md(check.columns_note)}" if check.columns_read else ""))
        scope_choice(uploaded, check)
        if check.warnings:
            st.warning(f"{fmt.number(check.warning_count)} cảnh báo (tệp vẫn nạp được)"
                       + (f"; {fmt.number(len(check.warnings))} cảnh báo đầu tiên:"
                          if check.warning_count > len(check.warnings) else ":"))
            st.dataframe(problems_table(check.warnings), hide_index=True, width="stretch")
        if check.comparison is None:
            st.error(f"Không so sánh được với số liệu hiện hành: {check.comparison_problem}")
            return
        show_comparison(check.comparison)
        with st.expander(f"Các dòng đầu của tệp ({fmt.number(min(PREVIEW_ROWS, check.row_count))} "
                         f"trong {fmt.number(check.row_count)} dòng)"):
            st.dataframe(file_rows_table(check.dataset, check.head), hide_index=True, width="stretch")
        if st.button(f"Xác nhận nạp «{check.label}»", key=f"confirm-{uploaded.file_id}", type="primary"):
            confirm(uploaded, options)


SCOPE_WHOLE = "tinh"


def scope_choice(uploaded, check) -> None:
    """Whose report the file is. An editor limited to units always loads as them; anyone who may
    load the whole dataset can say the file is the province's compilation, or one unit's report."""
    scope = check.scope
    if scope is None or check.load_kind == "notice":
        return
    if permit.limit:
        st.info(f"Tài khoản của bạn nạp số liệu của {fmt.md(permit.limit.label())}: biểu được nạp như báo cáo "
                f"riêng của {fmt.md(scope.label())}.")
        return
    key = f"scope-{uploaded.file_id}"
    by_rows = "báo cáo riêng của " + unit_label(scope.reporting_unit) if scope.how == "rows" else "biểu tổng hợp toàn tỉnh"
    labels = {None: f"Theo các dòng của biểu: {by_rows}", SCOPE_WHOLE: "Biểu tổng hợp toàn tỉnh"}
    named = [u for u in dict.fromkeys(scope.row_units) if u][:12]  # the units the rows name, as choices
    labels.update({u: f"Báo cáo riêng của {unit_label(u)}" for u in named})
    if st.session_state.get(key) not in labels:
        st.session_state.pop(key, None)
    st.selectbox("Phạm vi của biểu", list(labels), format_func=labels.get, key=key,
                 help="Báo cáo riêng của một đơn vị chỉ thay số liệu của đơn vị đó; biểu tổng hợp thay số liệu của "
                      "mọi đơn vị không có báo cáo riêng mới hơn. Dòng lệnh: --reporting-unit.")


def show_comparison(comparison) -> None:
    if comparison.scope_sentence:
        st.markdown(f"**{fmt.md(comparison.scope_sentence)}**")
    st.markdown("**So với số liệu hiện hành**"
                + (f" (đến ngày {fmt.date(comparison.current_report_date)})" if comparison.current_report_date else
                   " (chưa có số liệu loại này)")
                + (f" · các tháng {', '.join(fmt.month(p) for p in comparison.periods)}" if comparison.periods else ""))
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(CHANGE_LABELS["added"], fmt.number(comparison.added))
    m2.metric(CHANGE_LABELS["removed"], fmt.number(comparison.removed))
    m3.metric(CHANGE_LABELS["changed"], fmt.number(comparison.changed))
    m4.metric(CHANGE_LABELS["unchanged"], fmt.number(comparison.unchanged))
    if comparison.superseded:
        st.warning(f"{fmt.number(comparison.superseded)} dòng của tệp có ngày số liệu cũ hơn số liệu hiện hành "
                   f"(đến ngày {fmt.date(comparison.current_report_date)}): nếu nạp, tệp chỉ được lưu vào lịch sử, "
                   "bảng điều hành vẫn hiển thị số liệu hiện hành.")
    elif comparison.is_noop:
        st.info("Tệp không làm thay đổi số liệu hiện hành.")
    st.dataframe(totals_table(comparison.totals), hide_index=True, width="stretch")
    moved = changes_table(comparison.changes)
    if not moved.empty:
        count = comparison.added + comparison.removed + comparison.changed
        with st.expander(f"Các dòng thêm mới, bỏ đi, thay đổi ({fmt.number(count)})"):
            if count > len(moved):
                st.caption(f"{fmt.number(len(moved))} dòng đầu tiên.")
            st.dataframe(moved, hide_index=True, width="stretch")


def confirm(uploaded, options: tuple) -> None:
    dataset, report_date, unit, scope = options
    try:
        result = ingest_upload(uploaded.getvalue(), uploaded.name, db=data.db_path(), dataset=dataset,
                               report_date=report_date, unit=unit, loaded_by=session_user(), permit=permit,
                               reporting_unit=scope)
    except Rejected as exc:
        if exc.left_unpublished:
            st.warning("Tệp đã ghi vào kho nhưng chưa hiện trên bảng điều hành:")
        else:
            st.error("Không nạp được tệp; kho dữ liệu giữ nguyên.")
        st.dataframe(problems_table(exc.problems), hide_index=True, width="stretch")
        return
    except Exception as exc:  # the last guard: a message, never a traceback
        st.error(UNEXPECTED.format(type(exc).__name__))
        return
    try:
        totals = compare_with_current(result.prepared, data.db_path(), max_changes=0).totals
    except Rejected:
        totals = None
    st.session_state.setdefault("upload_done", {})[uploaded.file_id] = {
        "file_name": display_name(uploaded.name), "label": result.prepared.label, "load_id": result.load_id,
        "rows": len(result.prepared.records), "report_date": result.prepared.report_date, "totals": totals,
    }
    del result
    checks = st.session_state.get("upload_checks", {})
    for key in [k for k in checks if k[0] == uploaded.file_id]:  # a loaded file's check is not shown again
        del checks[key]
    give_memory_back()
    st.rerun()


# --- who has reported this month --------------------------------------------------------------

def show_report_board() -> None:
    """This month's expected units, dataset by dataset: on time, late, not yet, with the day each
    report arrived (the units of the latest month any report is for, unless another is chosen)."""
    st.subheader("Tình hình gửi báo cáo")
    months = data.mart("report_months")
    if months.empty:
        st.info("Chưa có đơn vị nào phải gửi báo cáo trong tháng này.")
        return
    board = data.mart("report_board")
    shown = board["month"].iloc[0] if not board.empty else months["month"].iloc[0]
    choices = [pd.Timestamp(m).date() for m in months["month"]]
    default = pd.Timestamp(shown).date()
    month = st.selectbox("Tháng báo cáo", choices, index=choices.index(default) if default in choices else 0,
                         format_func=lambda m: f"Tháng {fmt.month(m)}",
                         key=f"board_month_{default}")  # a newer month's first report shows that month
    if month != default:
        board = data.mart("report_board", month=month)
    if board.empty:
        st.info(f"Không có đơn vị nào phải gửi báo cáo tháng {fmt.month(month)}.")
        return
    due = board["due_date"].iloc[0]
    counts = board["state"].value_counts()
    st.caption(f"Hạn gửi báo cáo tháng {fmt.month(month)}: {fmt.date(due)} (ngày {due.day} hằng tháng, "
               "theo Thông báo kết luận; đổi ngày trong phần cài đặt). Một đơn vị đã gửi khi có báo cáo riêng của "
               "đơn vị, hoặc biểu tổng hợp có số liệu của đơn vị, với ngày số liệu trong tháng.")
    columns = st.columns(4)
    for column, state in zip(columns, ("on_time", "late", "missing", "due")):
        column.metric(REPORT_STATES[state], fmt.number(int(counts.get(state, 0))))
    st.dataframe(pd.DataFrame({
        "Loại dữ liệu": board["dataset"].map(dataset_label),
        "Đơn vị": board["unit_name"],
        "Tình trạng": board["state"].map(REPORT_STATES),
        "Ngày gửi": [t.strftime("%d/%m/%Y %H:%M") if not pd.isna(t) else "—" for t in board["reported_at"]],
    }), hide_index=True, width="stretch")


# --- load history and rollback ----------------------------------------------------------------

def history_table(history: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "Lần nạp": history["load_id"].astype(str),
        "Loại dữ liệu": history["dataset"].map(dataset_label),
        "Tệp": history["file_name"],
        "Của đơn vị": [unit_of_load(r) for r in history.itertuples()],
        "Số liệu đến ngày": history["report_date"].map(fmt.date),
        "Thời điểm nạp": [t.strftime("%d/%m/%Y %H:%M") if not pd.isna(t) else "—" for t in history["loaded_at"]],
        "Người nạp": history["loaded_by"],
        "Số dòng": history["row_count"].map(fmt.number),
        "Cảnh báo": history["warning_count"].map(fmt.number),
        "Trạng thái": history["status"].map(STATUS_LABELS),
    })


def unit_of_load(row) -> str:
    if getattr(row, "load_kind", "report") == "notice":
        return f"Văn bản {row.reporting_unit}"
    label = unit_label(None if pd.isna(row.reporting_unit) else row.reporting_unit)
    return label[:1].upper() + label[1:]


def load_choice(row) -> str:
    return (f"Lần nạp {row.load_id} · {dataset_label(row.dataset)} · đến ngày {fmt.date(row.report_date)} · "
            f"{row.file_name}")


def show_history() -> None:
    st.subheader("Lịch sử nạp dữ liệu")
    notice = st.session_state.pop("rollback_notice", None)
    if notice:
        st.success(notice)
    history = data.mart("load_history")
    if history.empty:
        st.info("Chưa có lần nạp nào. Tải biểu số liệu lên ở trên.")
        return
    st.dataframe(history_table(history), hide_index=True, width="stretch")
    active = history[history["status"] == "active"]
    if active.empty or not account.can("admin"):  # rolling back is the administrators' call
        return
    choices = {int(r.load_id): load_choice(r) for r in active.itertuples()}
    pending = st.session_state.get("rollback_pending")
    if pending not in choices:
        pending = None
    with st.container(border=True):
        st.markdown("**Hoàn tác một lần nạp** — dữ liệu không bị xóa; loại dữ liệu đó quay về lần nạp trước.")
        chosen = st.selectbox("Lần nạp cần hoàn tác", list(choices), format_func=choices.get, key="rollback_choice")
        if pending is None:
            if st.button("Hoàn tác lần nạp này…", key="rollback_ask"):
                st.session_state["rollback_pending"] = chosen
                st.rerun()
            return
        st.warning(f"Xác nhận hoàn tác: {fmt.md(choices[pending])}?")
        yes, no = st.columns(2)
        if yes.button("Xác nhận hoàn tác", key="rollback_yes", type="primary"):
            st.session_state.pop("rollback_pending", None)
            try:
                result = store.rollback(data.db_path(), pending, actor=session_user())
            except Rejected as exc:
                st.error("; ".join(p.message for p in exc.problems))
                return
            now = ", ".join(str(i) for i in result["current"]) or "không còn lần nạp nào"
            st.session_state["rollback_notice"] = (f"Đã hoàn tác lần nạp {pending} ({dataset_label(result['dataset'])}). "
                                                   f"Đang dùng: {now}.")
            st.rerun()
        if no.button("Hủy", key="rollback_no"):
            st.session_state.pop("rollback_pending", None)
            st.rerun()


# --- templates and boundaries -----------------------------------------------------------------

def show_templates() -> None:
    st.subheader("Biểu mẫu")
    templates = template_files()
    if not templates:
        st.info("Chưa có biểu mẫu. Quản trị viên chạy `python -m data_pipeline templates` để tạo biểu mẫu trống.")
        return
    st.caption("Biểu mẫu trống đúng tiêu đề cột; điền số liệu rồi tải lên ở trên.")
    columns = st.columns(min(3, len(templates)))
    for i, (path, label) in enumerate(templates):
        columns[i % len(columns)].download_button(
            label, data=path.read_bytes(), file_name=path.name, mime=XLSX_MIME, key=f"template-{path.name}",
            icon=":material/download:", width="stretch")


def show_boundaries() -> None:
    with st.expander("Ranh giới xã, phường cho bản đồ (quản trị viên)"):
        st.caption("Tệp GeoJSON (FeatureCollection), mỗi xã, phường một vùng mang mã 5 chữ số.")
        geojson = st.file_uploader("Tệp ranh giới (.geojson)", type=["geojson", "json"], key="geo_upload")
        if geojson is None or not st.button("Lưu ranh giới", key="geo_save"):
            return
        try:
            from dashboard.geo import save_uploaded_boundaries
        except ImportError:
            st.error("Phiên bản này chưa có chức năng lưu ranh giới xã, phường.")
            return
        try:
            path = save_uploaded_boundaries(geojson.getvalue())
        except Rejected as exc:
            st.error("Tệp ranh giới không được nhận:")
            st.dataframe(problems_table(exc.problems), hide_index=True, width="stretch")
            return
        except Exception as exc:  # its messages are Vietnamese; show them as they are
            st.error(f"Không lưu được tệp ranh giới: {exc}")
            return
        st.success(f"Đã lưu ranh giới xã, phường ({path.name}). Trang «Bản đồ xã» dùng tệp này từ bây giờ.")


def show_uploads() -> None:
    """The uploader and each file's check. In a function, not at the page's top level: a page's
    globals live as long as its widgets' callbacks, so a file there would outlive the session."""
    uploads = st.file_uploader("Chọn một hoặc nhiều tệp", type=["xlsx", "xlsm", "xls", "ods", "csv"],
                               accept_multiple_files=True, key="uploads")
    upload_limit_note()
    forget_other_files({u.file_id for u in uploads or []})
    for uploaded in uploads or []:
        show_upload(uploaded)


# --- page -------------------------------------------------------------------------------------

page_setup("Cập nhật dữ liệu")
st.caption("Tải lên biểu số liệu hằng tháng (xlsx, xls, ods, csv). Mỗi tệp được kiểm tra và so sánh với số liệu "
           "hiện hành trước khi nạp; chỉ khi bấm «Xác nhận nạp» dữ liệu mới được ghi vào kho.")
show_uploads()
if account.can("admin") or "tasks" in account.datasets:
    show_notice_reader(session_user(), permit)
show_report_board()
show_history()
show_templates()
if account.can("admin"):
    show_boundaries()
