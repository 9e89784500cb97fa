"""What loading a file would change: its rows against the current rows of its dataset.

The upload page shows this before a person confirms a load. The comparison itself is SQL
(sql/preview/_load_scope.sql or _month_scope.sql, <dataset>_changes.sql, _classify.sql, <dataset>_totals.sql,
change_counts.sql), run against the published read snapshot with the file's rows as the temp table
`incoming`; nothing is written to the store. Rows are matched by the dataset's key: task_id,
project_id, mine_id, (period, area, item_code), (period, gate, direction), ….
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import duckdb
import pandas as pd

from . import store
from .ingest import Prepared
from .marts import sql_params
from . import units
from .recognise import specs
from .problems import reject
from .settings import SQL_DIR, setting
from .units import UNIT_FIELDS

PREVIEW_SQL = SQL_DIR / "preview"

# Monthly datasets: the current view keeps the latest load of every month and these columns.
MONTH_SCOPES = {"revenue": ("period", "area"), "trade": ("period", "gate"), "growth": ("period",)}

CHANGE_LABELS = {"added": "Thêm mới", "removed": "Bỏ đi", "changed": "Thay đổi", "unchanged": "Giữ nguyên",
                 "not_applied": "Không áp dụng (số liệu hiện hành mới hơn)"}

# Column names of the store that are not a field of synonyms.toml, or are named differently there.
_EXTRA_LABELS = {
    "commune_code": "Xã, phường", "is_recurring": "Nhiệm vụ thường xuyên", "status": "Tình trạng",
    "parent_item_code": "Chỉ tiêu cha", "ytd_value_usd": "Kim ngạch lũy kế",
    "last_year_value_usd": "Cùng kỳ năm trước", "vehicles": "Phương tiện", "period": "Tháng",
    "area": "Địa bàn", "direction": "Xuất/Nhập", "source_row": "Dòng trong tệp",
    "parent_code": "Thuộc nhóm ngành", "unit_key": "Mã đơn vị", "unit_group": "Cấp", "is_case": "Từng đơn",
    "period_start": "Từ ngày", "period_end": "Đến ngày", "status_text": "Kết quả giải quyết (nguyên văn)",
}


@dataclass
class Comparison:
    """What loading one prepared file would do to its dataset's current rows."""

    dataset: str
    added: int
    removed: int
    changed: int
    unchanged: int
    superseded: int  # rows of the file that would not show: the current data there is newer
    current_report_date: dt.date | None  # as-of date of the current rows compared against
    totals: pd.DataFrame  # position, measure, label, kind ('count', 'vnd', 'usd', 'pct', 'quantity'), before, after
    changes: pd.DataFrame  # one row per key: change, key, name, changed_columns, in_before, in_after, ...
    periods: list[dt.date] = field(default_factory=list)  # months the file covers (revenue, trade)
    scope_sentence: str = ""  # what the load would do, in a clerk's words (scope_sentence)

    @property
    def replaces_current(self) -> bool:
        """True when every row of the file would show once loaded."""
        return self.superseded == 0

    @property
    def is_noop(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def total(self, measure: str) -> tuple[float | None, float | None]:
        row = self.totals.loc[self.totals["measure"] == measure]
        if row.empty:
            raise KeyError(measure)
        before, after = row.iloc[0]["before"], row.iloc[0]["after"]
        return (None if pd.isna(before) else float(before), None if pd.isna(after) else float(after))


@lru_cache(maxsize=None)
def preview_sql(name: str) -> str:
    return (PREVIEW_SQL / f"{name}.sql").read_text()


def scope_statements(dataset: str) -> list[str]:
    """The statements that find what a file of `dataset` would replace (temp tables before_rows,
    after_rows, decision): the same for every dataset loaded whole, and for every monthly one but
    for the columns a load covers."""
    months = MONTH_SCOPES.get(dataset)
    template = preview_sql("_month_scope" if months else "_load_scope")
    second = UNIT_FIELDS[dataset][1] or "null"
    sql = template.replace("{view}", dataset).replace("{scope}", ", ".join(months or ())).replace("{second}", second)
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    return [statement for statement in code.split(";\n") if statement.strip()]


def column_label(dataset: str, column: str) -> str:
    """The usual Vietnamese header of a store column, for messages and tables."""
    fields = specs()[dataset].fields
    if column in fields:
        return fields[column].label
    return _EXTRA_LABELS.get(column, column)


def _connection(db: Path, spill: str) -> duckdb.DuckDBPyConnection:
    """The read snapshot, or an empty in-memory store when nothing has been loaded yet; held to
    `[upload] compare_memory_mb` of memory (a dashboard server compares while it serves), with
    what does not fit written to `spill`."""
    db = Path(db)
    if db.exists() or store.snapshot_path(db).exists():
        con = store.read_connection(db)
    else:
        con = duckdb.connect()
        store.ensure_schema(con)
    con.execute(f"set memory_limit = '{int(setting('upload', 'compare_memory_mb', 128))}MB'")
    con.execute(f"set temp_directory = '{spill.replace(chr(39), chr(39) * 2)}'")
    # DuckDB's allocator keeps up to 128 MB of what a query freed; a server gives it back at once.
    con.execute("set allocator_flush_threshold = '16MB'")
    con.execute("set allocator_bulk_deallocation_flush_threshold = '16MB'")
    return con


def compare_with_current(prepared: Prepared, db: str | Path, *, max_changes: int | None = None) -> Comparison:
    """Compare a prepared file with the current rows of its dataset. Writes nothing.
    `max_changes`: keep only that many of the rows added, removed or changed in `changes` (the
    counts and totals still cover every row), so that a file of half a million rows does not
    come back as a table of half a million rows."""
    dataset = prepared.dataset
    spill = tempfile.mkdtemp(prefix="dashboard-compare-")
    con = _connection(Path(db), spill)
    try:
        scope = prepared.scope or units.decide_scope(prepared)
        # A large file's rows stay one Arrow table (scanned as it is); a small file's are a DataFrame.
        if hasattr(prepared.records, "table"):
            import pyarrow as pa
            rows = prepared.records.table.append_column("report_unit", pa.array(list(scope.row_units), pa.string())) \
                                         .append_column("is_own", pa.array(list(scope.own), pa.bool_()))
            names = rows.column_names
        else:
            rows = prepared.rows.assign(report_unit=scope.row_units, is_own=scope.own)
            names = list(rows.columns)
        con.register("incoming_frame", rows)
        con.execute(f"create temp table incoming as select * from stg_{dataset} limit 0")
        given = [c for c in ("load_id", "report_date") if c in names]  # the load's own values win
        rest = f"* exclude ({', '.join(given)})" if given else "*"
        # the rows its load would speak for; those of other units are only kept in its history
        con.execute(f"insert into incoming by name select {rest}, 0::bigint as load_id, ?::date as report_date "
                    "from incoming_frame where is_own", [prepared.report_date])
        con.unregister("incoming_frame")
        values = {"report_date": prepared.report_date, "units": scope.units}
        for statement in scope_statements(dataset):
            con.execute(statement, sql_params(statement, values))
        sql = preview_sql(f"{dataset}_changes")
        con.execute(f"create temp table preview_compared as {sql}", sql_params(sql, values))
        # Tables keep their insertion order (DuckDB's preserve_insertion_order), so the file's order stays.
        con.execute(f"create temp table preview_changes as {preview_sql('_classify')}")
        counts = con.execute(preview_sql("change_counts")).fetchone()
        totals = con.execute(preview_sql(f"{dataset}_totals")).df()
        if max_changes is None:
            changes = con.execute("select * from preview_changes").df()
        else:
            changes = con.execute("select * from preview_changes where change in ('added', 'removed', 'changed') "
                                  "limit ?", [max_changes]).df()
        has_period = "period" in [c[0] for c in con.execute("select * from preview_changes limit 0").description]
        periods = [r[0] for r in con.execute("select distinct period from preview_changes where period is not null "
                                             "order by 1").fetchall()] if has_period else []
        reach = con.execute(preview_sql("scope_counts")).fetchone() if dataset not in MONTH_SCOPES else None
    except duckdb.OutOfMemoryException:
        raise reject("compare-too-large", "Tệp quá lớn để so sánh với số liệu hiện hành trong giới hạn bộ nhớ "
                                          f"{setting('upload', 'compare_memory_mb', 128)} MB (compare_memory_mb trong "
                                          "settings.toml).") from None
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)
    added, removed, changed, unchanged, superseded, current_report_date = counts
    changes["changed_labels"] = [", ".join(column_label(dataset, c) for c in cols) for cols in changes["changed_columns"]]
    changes["change_label"] = changes["change"].map(CHANGE_LABELS)
    periods = sorted({_as_date(p) for p in periods})
    return Comparison(dataset, int(added), int(removed), int(changed), int(unchanged), int(superseded),
                      _as_date(current_report_date), totals, changes, periods,
                      scope_sentence=scope_sentence(prepared, scope, reach, int(superseded), _as_date(current_report_date)))


def scope_sentence(prepared: Prepared, scope, reach, superseded: int, current_date: dt.date | None) -> str:
    """What the load would do, in a clerk's words: "Biểu của Sở Tài chính: cập nhật 12 nhiệm vụ của
    Sở Tài chính; 38 nhiệm vụ của 15 cơ quan khác giữ nguyên"."""
    noun, unit_noun = units.ROW_NOUNS[prepared.dataset], units.UNIT_NOUNS[prepared.dataset]
    shown = sum(scope.own)
    if prepared.meta.get("load_kind") == "notice":
        return f"Nhiệm vụ của văn bản {prepared.meta.get('reporting_unit')}: thêm {n(shown)} nhiệm vụ, không thay báo cáo hằng tháng."
    if scope.units is not None:
        label = scope.label()
        if superseded and superseded >= shown:
            return (f"Biểu của {label} có ngày số liệu {prepared.report_date:%d/%m/%Y}, cũ hơn số liệu hiện hành của "
                    f"{label}{f' (đến ngày {current_date:%d/%m/%Y})' if current_date else ''}: nếu nạp, biểu chỉ được "
                    "lưu vào lịch sử, không thay số liệu nào.")
        text = f"Biểu của {label}: cập nhật {n(shown)} {noun} của {label}"
        if reach is not None:
            others, other_units = reach[1], reach[2]
            text += f"; {n(others)} {noun} của {n(other_units)} {unit_noun} khác giữ nguyên"
        return text + "."
    if reach is None:
        return f"Biểu tổng hợp toàn tỉnh: {n(shown)} {noun}, thay số liệu của các tháng, đơn vị có trong biểu."
    before, before_units, kept, kept_units = reach[3], reach[4], reach[5], reach[6]
    if superseded and superseded >= shown:
        return (f"Biểu tổng hợp toàn tỉnh có ngày số liệu {prepared.report_date:%d/%m/%Y}, cũ hơn biểu tổng hợp hiện "
                f"hành{f' (đến ngày {current_date:%d/%m/%Y})' if current_date else ''}: nếu nạp, biểu chỉ được lưu "
                "vào lịch sử, không thay số liệu nào.")
    text = (f"Biểu tổng hợp toàn tỉnh: thay {n(before - kept)} {noun} hiện hành của "
            f"{n(before_units - kept_units)} {unit_noun} bằng {n(shown - superseded)} {noun} của biểu")
    if kept:
        text += (f"; giữ nguyên {n(kept)} {noun} của {n(kept_units)} {unit_noun} có báo cáo riêng "
                 "mới hơn biểu này")
    return text + "."


def n(value) -> str:
    """A count the Vietnamese way (1.234)."""
    return f"{int(value or 0):,}".replace(",", ".")


def _as_date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    return value
