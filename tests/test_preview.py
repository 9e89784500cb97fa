"""What loading a file would change, compared with the current rows of its dataset, on real files
built here; and uploads given as bytes, checked and loaded from a private temporary file."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from pathlib import Path

import duckdb
import pytest

from data_pipeline import store
from data_pipeline.ingest import ingest
from data_pipeline.preview import compare_with_current
from data_pipeline.problems import Rejected
from data_pipeline.upload import display_name, ingest_upload, prepare_upload, template_files
from reader_builders import write_xlsx

M = 1_000_000  # sheets below are in triệu đồng / nghìn USD


# --- files ------------------------------------------------------------------------------------

def disbursement_file(path: Path, as_of: str, projects: list[tuple[str, str, float, float]]) -> Path:
    rows = [[f"BÁO CÁO GIẢI NGÂN VỐN ĐẦU TƯ CÔNG NĂM 2026 (đến ngày {as_of})"], ["Đơn vị tính: triệu đồng"],
            ["Mã dự án", "Tên dự án", "Chủ đầu tư", "Kế hoạch vốn", "Giải ngân"]]
    rows += [[pid, name, "Ban QLDA tỉnh", plan, paid] for pid, name, plan, paid in projects]
    return write_xlsx(path, {"Biểu 1": rows})


def tasks_file(path: Path, as_of: str, tasks: list[tuple]) -> Path:
    rows = [[f"DANH MỤC NHIỆM VỤ UBND TỈNH GIAO (số liệu đến ngày {as_of})"], [],
            ["Mã nhiệm vụ", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời hạn", "Tình hình thực hiện", "Ngày hoàn thành"]]
    rows += [list(t) for t in tasks]
    return write_xlsx(path, {"Nhiệm vụ": rows})


def mining_file(path: Path, mines: list[tuple]) -> Path:
    rows = [["BÁO CÁO SẢN LƯỢNG KHAI THÁC KHOÁNG SẢN từ ngày 01/01/2026 đến ngày 31/03/2026"], [],
            ["Số giấy phép", "Tên mỏ", "Loại khoáng sản", "Công suất cấp phép", "Sản lượng thực tế", "Đơn vị tính"]]
    rows += [list(m) for m in mines]
    return write_xlsx(path, {"Mỏ": rows})


def revenue_file(path: Path, month: int, items: list[tuple]) -> Path:
    rows = [[f"BÁO CÁO THU NGÂN SÁCH NHÀ NƯỚC THÁNG {month} NĂM 2026"], ["Đơn vị tính: triệu đồng"],
            ["STT", "Chỉ tiêu", "Dự toán", f"Thực hiện tháng {month}", "Lũy kế"]]
    rows += [list(i) for i in items]
    return write_xlsx(path, {"Thu NS": rows})


def trade_file(path: Path, month: int, gates: list[tuple], *, directions=("Xuất khẩu", "Nhập khẩu")) -> Path:
    rows = [[f"KIM NGẠCH XUẤT NHẬP KHẨU QUA CÁC CỬA KHẨU THÁNG {month} NĂM 2026"], ["Đơn vị tính: nghìn USD"],
            ["Cửa khẩu", *directions]]
    rows += [list(g) for g in gates]
    return write_xlsx(path, {"XNK": rows})


def prepared(path: Path):
    return prepare_upload(path.read_bytes(), path.name)


def load(path: Path, db: Path) -> int:
    return ingest(path, db=db).load_id


def view_sql(db: Path, query: str):
    con = duckdb.connect(str(store.snapshot_path(db)), read_only=True)
    try:
        return con.execute(query).fetchone()
    finally:
        con.close()


V1 = [("DA1", "Đường Cao Bằng – Lạng Sơn", 1000, 200), ("DA2", "Trường THPT Hòa An", 500, 100),
      ("DA3", "Kè sông Bằng", 300, 0)]
V2 = [("DA1", "Đường Cao Bằng – Lạng Sơn", 1000, 400), ("DA2", "Trường THPT Hòa An", 500, 100),
      ("DA4", "Cầu Bản Giốc", 200, 50)]


# --- disbursement -----------------------------------------------------------------------------

def test_everything_is_added_on_an_empty_store(tmp_path, db):
    comparison = compare_with_current(prepared(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1)), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (3, 0, 0, 0)
    assert comparison.current_report_date is None
    assert comparison.total("projects") == (0, 3)
    assert comparison.total("plan_vnd") == (None, 1800 * M)
    assert comparison.total("disbursed_vnd") == (None, 300 * M)
    assert not db.exists() and not store.snapshot_path(db).exists(), "a preview must not create the store"


def test_changes_are_listed_in_the_file_order_with_removed_rows_last(tmp_path, db):
    load(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1), db)
    many = [(f"DB{i:03d}", f"Dự án {i:03d}", 100 + i, i) for i in range(300, 0, -1)]  # codes in falling order
    comparison = compare_with_current(prepared(disbursement_file(tmp_path / "v2.xlsx", "31/5/2026", many)), db)
    changes = comparison.changes
    assert changes["key"].tolist() == [code for code, *_ in many] + ["DA1", "DA2", "DA3"]
    assert changes["change"].tolist() == ["added"] * 300 + ["removed"] * 3
    assert changes["file_row"].tolist()[:300] == list(range(4, 304))


def test_a_newer_file_adds_removes_and_changes_projects_by_project_id(tmp_path, db):
    load(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1), db)
    comparison = compare_with_current(prepared(disbursement_file(tmp_path / "v2.xlsx", "31/5/2026", V2)), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (1, 1, 1, 1)
    assert comparison.superseded == 0 and comparison.replaces_current
    assert comparison.current_report_date == dt.date(2026, 4, 30)
    by_key = comparison.changes.set_index("key")
    assert by_key.loc["DA4", "change"] == "added" and list(by_key.loc["DA4", "changed_columns"]) == []
    assert by_key.loc["DA3", "change"] == "removed"
    assert by_key.loc["DA1", "change"] == "changed"
    assert list(by_key.loc["DA1", "changed_columns"]) == ["disbursed_vnd"]
    assert by_key.loc["DA1", "changed_labels"] == "Giải ngân"
    assert by_key.loc["DA2", "change"] == "unchanged"
    assert comparison.total("projects") == (3, 3)
    assert comparison.total("plan_vnd") == (1800 * M, 1700 * M)
    assert comparison.total("disbursed_vnd") == (300 * M, 550 * M)
    before, after = comparison.total("disbursed_pct")
    assert before == pytest.approx(100 * 300 / 1800) and after == pytest.approx(100 * 550 / 1700)


def test_the_preview_predicts_the_view_after_loading(tmp_path, db):
    load(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1), db)
    v2 = disbursement_file(tmp_path / "v2.xlsx", "31/5/2026", V2)
    comparison = compare_with_current(prepared(v2), db)
    load(v2, db)
    count, plan, paid = view_sql(db, "select count(*), sum(plan_vnd), sum(disbursed_vnd) from disbursement")
    assert comparison.total("projects")[1] == count
    assert comparison.total("plan_vnd")[1] == plan
    assert comparison.total("disbursed_vnd")[1] == paid
    again = compare_with_current(prepared(v2), db)
    assert (again.added, again.removed, again.changed, again.unchanged) == (0, 0, 0, 3) and again.is_noop


def test_an_older_file_changes_nothing_that_shows(tmp_path, db):
    load(disbursement_file(tmp_path / "v2.xlsx", "31/5/2026", V2), db)
    comparison = compare_with_current(prepared(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1)), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (0, 0, 0, 3)
    assert comparison.superseded == 3 and not comparison.replaces_current
    assert comparison.current_report_date == dt.date(2026, 5, 31)
    assert comparison.total("plan_vnd") == (1700 * M, 1700 * M)


def test_a_preview_writes_nothing(tmp_path, db):
    load(disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1), db)
    snapshot = store.snapshot_path(db)
    before = (db.read_bytes(), snapshot.read_bytes(), store.data_version(db))
    compare_with_current(prepared(disbursement_file(tmp_path / "v2.xlsx", "31/5/2026", V2)), db)
    assert (db.read_bytes(), snapshot.read_bytes(), store.data_version(db)) == before


# --- tasks ------------------------------------------------------------------------------------

def test_task_counts_by_status_before_and_after(tmp_path, db):
    april = [("NV01", "Xây dựng kế hoạch chuyển đổi số", "Sở Khoa học và Công nghệ", dt.date(2026, 3, 31), "Đã hoàn thành", dt.date(2026, 3, 20)),
             ("NV02", "Rà soát quy hoạch khoáng sản", "Sở Nông nghiệp và Môi trường", dt.date(2026, 5, 15), "Đang triển khai", None),
             ("NV03", "Báo cáo tiến độ giải ngân", "Sở Tài chính", dt.date(2026, 6, 30), "Chưa triển khai", None)]
    may = [("NV01", "Xây dựng kế hoạch chuyển đổi số", "Sở Khoa học và Công nghệ", dt.date(2026, 3, 31), "Đã hoàn thành", dt.date(2026, 3, 20)),
           ("NV02", "Rà soát quy hoạch khoáng sản", "Sở Nông nghiệp và Môi trường", dt.date(2026, 5, 15), "Đang triển khai", None),
           ("NV04", "Đề án phát triển cửa khẩu", "Sở Công Thương", dt.date(2026, 9, 30), "Đang triển khai", None)]
    load(tasks_file(tmp_path / "t4.xlsx", "30/4/2026", april), db)
    comparison = compare_with_current(prepared(tasks_file(tmp_path / "t5.xlsx", "31/5/2026", may)), db)
    # NV02 turns overdue at 31/05; NV03 leaves, NV04 arrives.
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (1, 1, 1, 1)
    assert list(comparison.changes.set_index("key").loc["NV02", "changed_columns"]) == ["status"]
    totals = {m: comparison.total(m) for m in comparison.totals["measure"]}
    assert totals == {"tasks": (3, 3), "tasks_done_on_time": (1, 1), "tasks_done_late": (0, 0),
                      "tasks_in_progress": (1, 1), "tasks_overdue": (0, 1), "tasks_not_started": (1, 0)}


# --- mining -----------------------------------------------------------------------------------

def test_mines_compared_by_mine_id(tmp_path, db):
    load(mining_file(tmp_path / "m1.xlsx", [("GP1", "Mỏ đá Lũng Khoen", "Đá vôi", 100000, 20000, "m3/năm"),
                                             ("GP2", "Mỏ sắt Nà Rụa", "Quặng sắt", 50000, 5000, "tấn/năm")]), db)
    comparison = compare_with_current(prepared(mining_file(tmp_path / "m2.xlsx", [
        ("GP1", "Mỏ đá Lũng Khoen", "Đá vôi", 100000, 25000, "m3/năm"),
        ("GP3", "Mỏ cát Bằng Giang", "Cát", 30000, 1000, "m3/năm")])), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (1, 1, 1, 0)
    assert comparison.total("mines") == (2, 2)
    assert comparison.total("licensed_capacity") == (150000, 130000)
    assert comparison.total("actual_output") == (25000, 26000)


# --- revenue ----------------------------------------------------------------------------------

APRIL_REVENUE = [("A", "Tổng thu ngân sách nhà nước trên địa bàn", 3000, 250, 1000),
                 ("I", "Thu nội địa", 2000, 150, 700), ("II", "Thu từ hoạt động xuất nhập khẩu", 1000, 100, 300)]


def test_revenue_of_another_month_only_adds_that_month(tmp_path, db):
    load(revenue_file(tmp_path / "r4.xlsx", 4, APRIL_REVENUE), db)
    may = [("A", "Tổng thu ngân sách nhà nước trên địa bàn", 3000, 260, 1260),
           ("I", "Thu nội địa", 2000, 160, 860), ("II", "Thu từ hoạt động xuất nhập khẩu", 1000, 100, 400)]
    comparison = compare_with_current(prepared(revenue_file(tmp_path / "r5.xlsx", 5, may)), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (3, 0, 0, 0)
    assert comparison.periods == [dt.date(2026, 5, 1)]
    assert comparison.total("estimate_vnd") == (None, 3000 * M)
    assert comparison.total("ytd_actual_vnd") == (None, 1260 * M)


def test_revised_revenue_month_changes_and_removes_items(tmp_path, db):
    load(revenue_file(tmp_path / "r4.xlsx", 4, APRIL_REVENUE), db)
    revised = [("A", "Tổng thu ngân sách nhà nước trên địa bàn", 3000, 270, 1020),
               ("I", "Thu nội địa", 2000, 170, 720)]
    comparison = compare_with_current(prepared(revenue_file(tmp_path / "r4b.xlsx", 4, revised)), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (0, 1, 2, 0)
    assert comparison.changes.set_index("item_code").loc["A.II", "change"] == "removed"
    # Totals are the top line ("A"), not the sum of the tree.
    assert comparison.total("estimate_vnd") == (3000 * M, 3000 * M)
    assert comparison.total("month_actual_vnd") == (250 * M, 270 * M)
    assert comparison.total("ytd_actual_vnd") == (1000 * M, 1020 * M)


# --- trade ------------------------------------------------------------------------------------

def test_trade_compared_by_month_gate_and_direction(tmp_path, db):
    load(trade_file(tmp_path / "x4.xlsx", 4, [("Cửa khẩu quốc tế Tà Lùng", 1000, 500), ("Trà Lĩnh", 300, 200)]), db)
    # The revision reports exports only, and Tà Lùng's changed: its imports leave the view.
    comparison = compare_with_current(prepared(trade_file(
        tmp_path / "x4b.xlsx", 4, [("Cửa khẩu quốc tế Tà Lùng", 1200), ("Trà Lĩnh", 300)], directions=("Xuất khẩu",))), db)
    assert (comparison.added, comparison.removed, comparison.changed, comparison.unchanged) == (0, 2, 1, 1)
    assert set(comparison.changes.loc[comparison.changes["change"] == "removed", "direction"]) == {"import"}
    assert comparison.total("value_usd") == (2000 * 1000, 1500 * 1000)
    assert comparison.total("export_usd") == (1300 * 1000, 1500 * 1000)
    assert comparison.total("import_usd") == (700 * 1000, None)


# --- uploads given as bytes -------------------------------------------------------------------

def test_uploaded_name_is_a_label_never_a_path(tmp_path, db, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    data = disbursement_file(tmp_path / "v1.xlsx", "30/4/2026", V1).read_bytes()
    result = ingest_upload(data, "../../etc/giai ngan T4.xlsx", db=db, loaded_by="chuyenvien.stc")
    assert result.prepared.meta["file_name"] == "giai ngan T4.xlsx"
    assert view_sql(db, "select file_name, loaded_by from loads") == ("giai ngan T4.xlsx", "chuyenvien.stc")
    assert not (tmp_path.parent / "etc").exists()
    assert os.listdir(tmp_path / "tmp") == [], "the private copy is removed"
    assert display_name("C:\\Users\\x\\bao cao.xlsx") == "bao cao.xlsx" and display_name("") == "tệp tải lên"


def test_a_rejected_upload_never_touches_the_store(tmp_path, db, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    bad = disbursement_file(tmp_path / "bad.xlsx", "30/4/2026", [("DA1", "Đường A", "12a", 10)]).read_bytes()
    with pytest.raises(Rejected) as caught:
        prepare_upload(bad, "bad.xlsx")
    problem = caught.value.problems[0]
    assert (problem.sheet, problem.row, problem.column) == ("Biểu 1", 4, "Kế hoạch vốn")
    with pytest.raises(Rejected):
        ingest_upload(bad, "bad.xlsx", db=db)
    assert not db.exists() and not store.snapshot_path(db).exists()
    assert os.listdir(tmp_path / "tmp") == []


def test_an_upload_over_the_size_limit_is_refused_before_writing(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr("data_pipeline.upload.setting", lambda *a: 0.001)  # about 1 kB
    with pytest.raises(Rejected) as caught:
        prepare_upload(b"x" * 5000, "lon.xlsx")
    assert caught.value.problems[0].kind == "file-too-large"
    assert os.listdir(tmp_path) == []


def test_templates_are_named_after_their_dataset(tmp_path):
    for name in ("mau_giai_ngan.xlsx", "mau_xuat_nhap_khau.xlsx", "bieu_khac.xlsx", "ghi_chu.txt"):
        (tmp_path / name).write_bytes(b"PK")
    assert [(p.name, label) for p, label in template_files(tmp_path)] == [
        ("bieu_khac.xlsx", "bieu_khac.xlsx"), ("mau_giai_ngan.xlsx", "Giải ngân vốn đầu tư công"),
        ("mau_xuat_nhap_khau.xlsx", "Xuất nhập khẩu qua cửa khẩu")]
    assert template_files(tmp_path / "missing") == []
