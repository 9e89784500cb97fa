"""read → recognise → validate → load: the one path every file takes, from the command line or the upload page."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import store
from .column_dates import choose_dated_columns
from .datasets import disbursement, mining, revenue, tasks, trade
from .datasets import dossiers, growth, petitions
from .datasets.base import Context
from .datasets.cells import CellRows
from .layout import cell_text, is_blank_row, is_header_row, is_number_like, locate_table
from .problems import Problem, Rejected, Report, reject
from .readers import read_workbook
from .recognise import DATASETS, map_columns, recognise, specs
from .text import printable
from .units import Scope, UnitLimit, check_report_date
from .values import is_formula_error, month_end, parse_cli_unit

# Each dataset's rules, written once against the rows of a sheet (datasets/cells.py): a small
# sheet's rows are read cell by cell, a large xlsx sheet's column by column (columnar.Columns),
# with the same results.
BUILDERS = {"tasks": tasks.build, "disbursement": disbursement.build, "mining": mining.build,
            "revenue": revenue.build, "trade": trade.build}
# Datasets whose rules read a Context row by row: their sheets are always read cell by cell.
ROW_BUILDERS = {"growth": growth.build, "dossiers": dossiers.build, "petitions": petitions.build}


@dataclass
class Prepared:
    """A file read and checked, ready to load (or to preview against the current load)."""

    dataset: str
    records: list[dict]  # one dict per row, the dataset's columns as keys (or columnar.ColumnRecords)
    report_date: dt.date
    meta: dict
    problems: list[Problem] = field(default_factory=list)
    recognised: bool = False  # the dataset was told from the headers, not given
    scope: Scope | None = None  # whose report it is (units.decide_scope), once decided
    # field → header of the column read, where the sheet has several dated columns of that field
    columns_read: dict = field(default_factory=dict)

    @property
    def columns_note(self) -> str:
        """Which of several dated columns were read: 'đọc cột «Giải ngân đến 31/5/2026»'."""
        return "; ".join(f"đọc cột «{label}»" for label in self.columns_read.values())

    @cached_property
    def rows(self):
        """The rows as a pandas DataFrame (pandas is imported only when a caller wants one)."""
        if hasattr(self.records, "table"):  # columnar.ColumnRecords
            return self.records.table.to_pandas()
        import pandas as pd
        return pd.DataFrame(self.records)

    def head(self, count: int):
        """The first rows as a pandas DataFrame, without making one of every row."""
        import pandas as pd
        if hasattr(self.records, "table"):
            return self.records.table.slice(0, count).to_pandas()
        return pd.DataFrame(self.records[:count])

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def label(self) -> str:
        return specs()[self.dataset].label


@dataclass
class LoadResult:
    load_id: int | None
    prepared: Prepared

    def summary(self) -> str:
        p = self.prepared
        unit = p.meta.get("reporting_unit")
        # reporting_unit comes last: a unit's name has spaces, so it runs to the end of the line
        parts = [f"dataset={p.dataset}", f"rows={len(p.records)}",
                 f"load_id={self.load_id if self.load_id is not None else '-'}",
                 f"report_date={p.report_date.isoformat()}", f"warnings={len(p.warnings)}",
                 f"reporting_unit={unit if unit else 'tinh'}"]
        head = "Đã kiểm tra (không ghi)" if self.load_id is None else "Đã nạp"
        kind = f"{p.label} ({p.dataset}{', nhận dạng từ tiêu đề cột' if p.recognised else ''})"
        whose = f"báo cáo của {p.scope.label()}" if p.scope and p.scope.units else (
            f"văn bản {unit}" if p.meta.get("load_kind") == "notice" else "biểu tổng hợp toàn tỉnh")
        read = f", {p.columns_note}" if p.columns_read else ""
        return f"{head}: {kind}, {whose}, {len(p.records)} dòng, load_id={self.load_id or '-'}{read} | " + " ".join(parts)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def prepare(path: str | Path, *, file_name: str | None = None, dataset: str | None = None,
            report_date: dt.date | None = None, unit: str | None = None, columnar: bool = True) -> Prepared:
    """Read and validate a file; raises Rejected listing every problem. Writes nothing.

    A large xlsx sheet is read and checked column by column (columnar.py) unless `columnar`
    is False; either way gives the same rows, problems and load."""
    path = Path(path)
    file_name = printable(file_name or path.name)
    if dataset is not None and dataset not in DATASETS:
        raise reject("unknown-dataset", f'Không có loại dữ liệu "{dataset}" (dùng: {", ".join(DATASETS)}).')
    cli_unit = parse_cli_unit(unit) if unit else None
    workbook = read_workbook(path, file_name, columnar=columnar)
    if workbook.columnar:  # pyarrow is imported only for such a workbook
        from .columnar import NotColumnar
        try:
            return _prepare(workbook, path, file_name, dataset, report_date, cli_unit)
        except (NotColumnar, Rejected):  # read it again cell by cell, which words every problem
            workbook = read_workbook(path, file_name)
    return _prepare(workbook, path, file_name, dataset, report_date, cli_unit)


def _prepare(workbook, path: Path, file_name: str, dataset: str | None, report_date: dt.date | None,
             cli_unit: str | None) -> Prepared:
    table = locate_table(workbook, dataset)
    if table is None and dataset is not None:
        table = _read_as(locate_table(workbook), dataset)  # another known form: say which
    if table is None or not table.mapping.complete:
        empty = empty_form(workbook)
        if empty:
            raise Rejected([empty])
    if table is None or (dataset is None and not _nearly_complete(table.mapping)):
        raise reject("no-header", f'Không tìm thấy dòng tiêu đề cột của một biểu đã biết trong {_where_read(workbook)} '
                                  "(tìm trong 30 dòng đầu). Hãy dùng biểu mẫu trong data/templates.")
    if not table.mapping.complete:
        raise Rejected(_missing_columns(table, workbook, dataset or table.mapping.dataset,
                                        recognised=dataset is None))
    name = table.mapping.dataset
    report = Report()
    choices = choose_dated_columns(table, report_date or (table.period.end if table.period else None), report)
    ctx = Context(table, report, cli_unit=cli_unit, report_date=report_date)
    if workbook.columnar:
        from .columnar import Columns, ColumnSheet, NotColumnar
        if name not in BUILDERS or not isinstance(table.sheet, ColumnSheet):
            raise NotColumnar  # a dataset or sheet the cell-by-cell path reads
        rows = BUILDERS[name](Columns(ctx))
        if not report.ok:
            raise NotColumnar
    else:
        rows = BUILDERS[name](CellRows(ctx)) if name in BUILDERS else ROW_BUILDERS[name](ctx)
        _report_formula_errors(table, rows, report)
    if not rows and report.ok:
        report.error("no-data", f"Biểu có dòng tiêu đề (dòng {table.header_top + 1}) nhưng không có dòng dữ liệu nào.",
                     sheet=table.sheet.name)
    if rows and report.ok and _no_figures(name, rows):
        report.error("no-data", "Biểu chỉ có tên các dòng, chưa điền số liệu nào; không có dòng dữ liệu để nạp.",
                     sheet=table.sheet.name)
    as_of = _report_date(name, table, rows, report_date, report)
    future = check_report_date(as_of, sheet=table.sheet.name)
    if future:
        report.problems.append(future)
    if name == "tasks":
        rows = tasks.finish(rows, as_of)
    if not report.ok:
        raise Rejected(report.errors + report.warnings)
    meta = {
        "file_name": file_name,
        "file_sha256": file_sha256(path),
        "sheet_name": table.sheet.name,
        "report_date": as_of,
        "period_start": table.period.start if table.period else None,
        "period_end": table.period.end if table.period else None,
        "reporting_unit": None,
        "load_kind": "report",
        "loaded_by": store.current_user(),
        "money_unit": table.unit or cli_unit,
    }
    return Prepared(name, rows, as_of, meta, report.problems, recognised=dataset is None,
                    columns_read={c.field: c.label for c in choices})


VALUE_FIELDS = {
    "disbursement": ("plan_vnd", "disbursed_vnd"), "mining": ("licensed_capacity", "actual_output"),
    "revenue": ("estimate_vnd", "month_actual_vnd", "ytd_actual_vnd"), "trade": ("value_usd",),
    "growth": ("target_vnd", "actual_vnd", "target_growth_pct", "actual_growth_pct"),
    "dossiers": ("received_total", "settled_total", "pending_total"),
    "petitions": ("received_count",),
}


def _report_formula_errors(table, rows: list[dict], report: Report) -> None:
    """Error cells (#REF!, #N/A ...) in any column of a data row, text columns included; number
    and date columns have reported theirs while parsing."""
    reported = {(p.row, p.column) for p in report.problems}
    columns = sorted(table.mapping.columns.items(), key=lambda item: item[1])
    for record in rows:
        row_no = record["source_row"]
        cells = table.sheet.rows[row_no - 1]
        for field_name, col in columns:
            value = cells[col] if col < len(cells) else None
            if isinstance(value, str) and "#" in value and is_formula_error(value):
                column = table.header_label(field_name)
                if (row_no, column) not in reported:
                    reported.add((row_no, column))
                    report.error("formula-error", f"ô lỗi công thức {value.strip()}",
                                 sheet=table.sheet.name, row=row_no, column=column)


def _no_figures(dataset: str, rows: list[dict]) -> bool:
    fields = VALUE_FIELDS.get(dataset, ())
    return bool(fields) and all(v is None for f in fields for v in _values(rows, f))


def _values(rows: list[dict], field_name: str) -> list:
    if hasattr(rows, "table"):  # columnar.ColumnRecords
        return rows.column(field_name)
    return [r.get(field_name) for r in rows]


def empty_form(workbook) -> Problem | None:
    """A form with a header and row names but no figures (an unfilled report)."""
    for sheet in workbook.sheets:
        header = next((i for i, row in enumerate(sheet.rows[:30]) if is_header_row(row)), None)
        if header is None:
            continue
        below = [row for row in sheet.rows[header + 1:] if not is_blank_row(row) and not is_header_row(row)]
        named = [row for row in below if any(cell_text(v) and not is_number_like(v) for v in row)]
        if named and not any(is_number_like(v) for row in named for v in row[1:]):
            return Problem("no-data", f"Biểu có tiêu đề cột (dòng {header + 1}) và {len(named)} dòng tên mục "
                           "nhưng không có số liệu nào; không có dòng dữ liệu để nạp.", sheet=sheet.name)
    return None


def _read_as(table, dataset: str):
    """A table recognised as another dataset, mapped to the one asked for (to list what it lacks)."""
    if table is None or not table.mapping.complete:
        return None
    return dataclasses.replace(table, mapping=map_columns(dataset, table.labels))


def _where_read(workbook) -> str:
    names = ", ".join(f'"{s.name}"' for s in workbook.sheets) or "(không có sheet)"
    return f'tệp "{workbook.file_name}" (sheet {names})' if workbook.kind != "csv" else f'tệp "{workbook.file_name}"'


def _nearly_complete(mapping) -> bool:
    """Headers that clearly belong to one dataset, short of some required column: at least two
    of its required columns found, and more found than missing."""
    found = len(specs()[mapping.dataset].required) - len(mapping.missing)
    return found >= 2 and found > len(mapping.missing)


def _missing_columns(table, workbook, dataset: str, recognised: bool = False) -> list[Problem]:
    spec = specs()[dataset]
    best_other = recognise(table.labels)
    problems = []
    if best_other.dataset != dataset and best_other.complete:
        problems.append(Problem("wrong-dataset",
                                f'Tệp là biểu "{specs()[best_other.dataset].label}" ({best_other.dataset}), '
                                f'không phải biểu "{spec.label}" ({dataset}).', sheet=table.sheet.name))
    for group in table.mapping.missing:
        hint = f' (tiêu đề cột giống biểu "{spec.label}")' if recognised else ""
        problems.append(Problem("missing-column", f"thiếu cột bắt buộc {spec.required_label(group)}{hint}",
                                sheet=table.sheet.name, row=table.header_top + 1))
    return problems


def _report_date(dataset: str, table, rows: list[dict], given: dt.date | None, report: Report) -> dt.date:
    """--report-date, else the title's as-of date or period end, else the latest month in the data
    (also where the title names only the year), else today with a warning."""
    if given:
        return given
    period = table.period
    if period is not None and (period.as_of or not period.start or (period.end - period.start).days <= 200):
        return period.end
    from_title = {period.end, period.month} if period is not None else set()  # rows given the title's period
    months = [m for m in _values(rows, "period") if m] + [m for m in _values(rows, "period_end") if m]
    months = [m for m in months if m not in from_title]
    if months:
        latest = max(months)
        return month_end(latest.year, latest.month)
    if period is not None:
        if period.end <= dt.date.today():
            return period.end
        # "Năm 2026" with no as-of date: the figures can be no newer than today.
        report.warn("report-date-assumed", f"tiêu đề không ghi số liệu đến ngày nào; lấy ngày hôm nay "
                    f"{dt.date.today():%d/%m/%Y} (dùng --report-date để chỉ định)", sheet=table.sheet.name)
        return dt.date.today()
    report.warn("report-date-assumed", f"không thấy ngày số liệu trong tiêu đề; lấy ngày hôm nay "
                f"{dt.date.today():%d/%m/%Y} (dùng --report-date để chỉ định)", sheet=table.sheet.name)
    return dt.date.today()


def ingest(path: str | Path, *, db: str | Path, file_name: str | None = None, dataset: str | None = None,
           report_date: dt.date | None = None, unit: str | None = None, dry_run: bool = False,
           loaded_by: str | None = None, reporting_unit: str | None = None, limit: UnitLimit | None = None,
           document: str | None = None, permit=None, loaded_at: dt.datetime | None = None) -> LoadResult:
    """`reporting_unit` (`--reporting-unit`): whose report the file is, `tinh` for the province's
    compilation; left out, the account's units (`limit`) or the rows tell (units.decide_scope).
    `document`: the tasks of one conclusion notice, a load that stands beside the monthly reports.
    `permit(prepared)`, where given, raises Rejected when the person may not load this file.
    `loaded_at`: when the file arrived, where that is not now (the demo's monthly reports)."""
    try:
        prepared = prepare(path, file_name=file_name, dataset=dataset, report_date=report_date, unit=unit)
        if permit is not None:
            permit(prepared)
        limit = limit or getattr(permit, "limit", None)  # an account limited to its units loads as them
        apply_scope(prepared, db=db, option=reporting_unit, limit=limit, document=document)
    except Rejected as exc:
        if not dry_run:
            record_rejected(db, loaded_by or store.current_user(), file_name or Path(path).name,
                            _sha256_or_none(Path(path)), exc.problems)
        raise
    if dry_run:
        return LoadResult(None, prepared)
    if loaded_by:
        prepared.meta["loaded_by"] = loaded_by
    load_id = store.write_load(Path(db), dataset=prepared.dataset, rows=prepared.records,
                               meta=prepared.meta, problems=prepared.problems, scope=prepared.scope,
                               loaded_at=loaded_at)
    return LoadResult(load_id, prepared)


def apply_scope(prepared: Prepared, *, db: str | Path | None = None, option: str | None = None,
                limit: UnitLimit | None = None, document: str | None = None) -> Prepared:
    """Decide whose report a prepared file is (units.decide_scope), add the warnings that brings,
    and, for one unit's report, check that it takes over no other unit's task or project.
    Raises Rejected where the account limited to its units may not send these rows."""
    from . import units

    if document:
        scope = units.decide_scope(prepared, limit=limit) if limit else None  # refuses rows not the account's
        prepared.scope = units.Scope(None, "document", [True] * len(prepared.records),
                                     scope.row_units if scope else [None] * len(prepared.records))
        prepared.meta.update(reporting_unit=" ".join(document.split()), load_kind="notice")
        return prepared
    scope = units.decide_scope(prepared, option=option, limit=limit)
    problems = units.scope_problems(prepared, scope)
    if scope.units is not None and db is not None:
        key = units.ENTITY_KEYS.get(prepared.dataset)
        ids = [i for i, own in zip(units.column_values(prepared.records, key), scope.own) if own] if key else []
        moved = units.moved_problems(prepared, scope, store.current_owners(Path(db), prepared.dataset, ids),
                                     refuse=scope.how == "account")
        if any(p.severity == "error" for p in moved):
            raise Rejected([p for p in moved if p.severity == "error"])
        problems += moved
    prepared.scope = scope
    prepared.meta.update(reporting_unit=scope.reporting_unit, load_kind="report")
    prepared.problems = [p for p in prepared.problems if p.kind not in units.SCOPE_KINDS] + problems
    return prepared


def record_rejected(db: str | Path, actor: str, file_name: str, sha256: str | None, problems: list[Problem]) -> None:
    """The audit row of a refused file: who, which file (name and hash), and the first problems."""
    errors = [str(p) for p in problems if p.severity == "error"] or [str(p) for p in problems]
    detail = f"sha256 {sha256 or '—'}; {len(errors)} lỗi: " + " | ".join(errors[:3])
    from . import audit
    audit.record(Path(db), actor, "upload_rejected", target=file_name, detail=detail, outcome="refused")


def _sha256_or_none(path: Path) -> str | None:
    try:
        return file_sha256(path)
    except OSError:
        return None
