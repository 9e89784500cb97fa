"""A national-size store, generated straight into DuckDB with the project's schema.

    python bench/national_data.py --db /tmp/national.duckdb            # the full size
    python bench/national_data.py --db /tmp/tiny.duckdb --scale 0.001  # a tiny one

Full size: the 3,321 communes of the 34 provinces (from `vietnam-provinces`), 1,000,000 tasks
reported as the province's monthly round is: each month the own report of each of 80 lead agencies
(as of the 20th; a few skip the last month) and, every quarter, a compilation of all the tasks
assigned so far (as of the month's end); 100,000 projects in 12 monthly loads,
5,000 mines in 12 monthly loads, and 5 years (60 monthly loads) of revenue, for the country and
every commune, and of trade at 120 border gates. Spreadsheets are not written: reading them is
what bench/ingest_bench.py measures, and writing millions of rows to xlsx would take far longer
than everything else here. The rows go into the same staging tables, with the same `loads`
records, as an upload's; the read snapshot is then published as after any load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import re
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data_pipeline import store

GENERATOR_SQL = Path(__file__).with_name("national_data.sql")
LOADED_BY = "Dữ liệu thử quy mô toàn quốc"
LAST_MONTH = dt.date(2026, 10, 1)  # the latest report month, as in the demo


@dataclass(frozen=True)
class Size:
    tasks: int = 1_000_000
    projects: int = 100_000
    mines: int = 5_000
    gates: int = 120
    revenue_communes: int = 3_321    # communes reporting revenue, besides the national total
    months_of_year_loads: int = 12   # tasks, disbursement, mining
    months_of_history: int = 60      # revenue, trade
    units: int = 80                  # lead agencies that report their own tasks every month
    units_missing_last_month: int = 5

    def scaled(self, scale: float) -> Size:
        return replace(self, tasks=max(20, int(self.tasks * scale)), projects=max(10, int(self.projects * scale)),
                       mines=max(5, int(self.mines * scale)), gates=max(2, int(self.gates * scale)),
                       revenue_communes=max(3, int(self.revenue_communes * scale)))


def national_communes() -> list[tuple[int, str, str, str, str]]:
    """(ix, code, name, type, province) of every commune-level unit in the country."""
    from vietnam_provinces import Province, Ward

    provinces = {int(p.code): p.name for p in Province.iter_all()}
    wards = sorted(Ward.iter_all(), key=lambda w: int(w.code))
    return [(ix, f"{int(w.code):05d}", w.name, w.division_type.value, provinces[int(w.province_code)])
            for ix, w in enumerate(wards)]


def month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def months_back(count: int) -> list[dt.date]:
    """The first days of the `count` months ending with LAST_MONTH, oldest first."""
    out, year, month = [], LAST_MONTH.year, LAST_MONTH.month
    for _ in range(count):
        out.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def plan_loads(size: Size, items: int = 20) -> list[tuple]:
    """Every load, oldest first: (dataset, report_date, row_count, month_ix, unit_ix); unit_ix is
    the reporting agency of a unit's own report of tasks, None for a compilation. A unit's report
    counts its rows once written (row_count 0 here)."""
    year_months = months_back(size.months_of_year_loads)
    plans = []
    for first in months_back(size.months_of_history):
        report_date = month_end(first)
        plans.append(("revenue", report_date, items * (size.revenue_communes + 1), None, None))
        plans.append(("trade", report_date, 2 * size.gates, None, None))
        if first in year_months:
            k = year_months.index(first) + 1
            assigned = size.tasks * k // len(year_months)
            last = k == len(year_months)
            reporting = size.units - (size.units_missing_last_month if last else 0)
            plans.extend(("tasks", first.replace(day=20), 0, k, u) for u in range(reporting))
            if k % 3 == 0 and not last:  # the quarter's compilation; the latest month has none yet
                plans.append(("tasks", report_date, assigned, k, None))
            else:  # the month's count of tasks assigned, which the units' reports share out
                plans.append(("tasks_assigned", report_date, assigned, k, None))
            plans.append(("disbursement", report_date, size.projects, None, None))
            plans.append(("mining", report_date, size.mines, None, None))
    return plans


AGENCIES = ('Sở Tài chính', 'Sở Xây dựng', 'Sở Công Thương', 'Sở Nông nghiệp và Môi trường', 'Sở Nội vụ',
            'Sở Giáo dục và Đào tạo', 'Sở Y tế', 'Sở Văn hóa, Thể thao và Du lịch', 'Sở Khoa học và Công nghệ',
            'Sở Dân tộc và Tôn giáo', 'Văn phòng UBND', 'Ban Quản lý Khu kinh tế', 'Thuế', 'Công an',
            'Bảo hiểm xã hội', 'Thống kê', 'Ban Quản lý dự án đầu tư xây dựng', 'Sở Tư pháp', 'Thanh tra', 'Sở Ngoại vụ')


def unit_name(u: int) -> str:
    """The reporting agency u, as national_data.sql's unit_name(u) writes it."""
    return f"{AGENCIES[u % 20]} khu vực {u // 20 + 1}"


def generator_sql(**values: int) -> str:
    """The generator's SQL with its integer inputs written in (DuckDB takes no parameters in a
    script of several statements)."""
    return re.sub(r"\$([a-z_]+)", lambda m: str(int(values[m.group(1)])), GENERATOR_SQL.read_text())


def build(db: Path, size: Size = Size(), *, communes: list[tuple] | None = None) -> dict:
    """Write a fresh store at `db` and publish its read snapshot; returns what was written."""
    db = Path(db)
    for path in (db, store.snapshot_path(db), db.with_name(db.name + ".wal")):
        path.unlink(missing_ok=True)
    units = communes if communes is not None else national_communes()
    size = replace(size, revenue_communes=min(size.revenue_communes, len(units)))
    plans = plan_loads(size)
    with store.writer(db, publish_after=True) as con:
        # The schema puts the province's own communes in an empty dimension: replace them.
        con.execute("delete from communes")
        columns = ("ix", "commune_code", "commune_name", "commune_type", "province")
        con.register("units", {name: np.array([c[k] for c in units], dtype=object) for k, name in enumerate(columns)})
        con.execute("insert into communes select commune_code, commune_name, commune_type from units")
        con.execute("create temp table national_communes as "
                    "select ix::integer as ix, commune_code, commune_name, province from units")
        con.unregister("units")
        records, planned = [], []
        for load_id, (dataset, report_date, row_count, month_ix, unit_ix) in enumerate(plans, start=1):
            planned.append((load_id, dataset, report_date, row_count, month_ix, unit_ix))
            if dataset == "tasks_assigned":
                continue  # not a load: how many tasks the month's unit reports share out
            unit = None if unit_ix is None or dataset != "tasks" else unit_name(unit_ix)
            name = f"{dataset}_{report_date:%Y_%m_%d}" + (f"_{unit_ix}" if unit else "") + ".xlsx"
            records.append((load_id, dataset, name, hashlib.sha256(name.encode()).hexdigest(), "Biểu 1",
                            report_date, unit, dt.datetime.combine(report_date + dt.timedelta(days=2), dt.time(8, 0)),
                            LOADED_BY, row_count, "active", "report"))
        con.executemany("insert into loads (load_id, dataset, file_name, file_sha256, sheet_name, report_date, "
                        "reporting_unit, loaded_at, loaded_by, row_count, status, load_kind) values "
                        "(" + ", ".join("?" * 12) + ")", records)
        con.execute("create temp table plan_loads (load_id bigint, dataset varchar, report_date date, "
                    "row_count bigint, month_ix integer, unit_ix integer)")
        con.executemany("insert into plan_loads values (?, ?, ?, ?, ?, ?)", planned)
        con.execute("begin transaction")
        con.execute(generator_sql(communes=len(units), revenue_communes=size.revenue_communes, projects=size.projects,
                                  mines=size.mines, gates=size.gates, units=size.units))
        store.derive_tasks(con)  # what an upload of these tasks loads would have worked out
        con.execute("commit")
        con.execute("checkpoint")
        counts = {t: con.execute(f"select count(*) from stg_{t}").fetchone()[0] for t in store.DATASETS}
        counts["communes"] = con.execute("select count(*) from communes").fetchone()[0]
        counts["loads"] = len(records)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--scale", type=float, default=1.0, help="share of the national row counts")
    args = parser.parse_args()
    start = time.perf_counter()
    counts = build(Path(args.db), Size().scaled(args.scale))
    print(f"built {args.db} in {time.perf_counter() - start:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))


if __name__ == "__main__":
    main()
