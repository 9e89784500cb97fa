-- The files and as-of dates behind each dataset shown now: where every figure of a page or the
-- brief came from. Datasets kept whole: the compilation and every newer unit's own report (part);
-- those kept month by month: the loads of their latest month.
with latest_month as (
    select dataset, max(date_trunc('month', report_date)) as month
    from current_loads
    where part = 'month'
    group by dataset
)
select l.dataset, l.load_id, l.file_name, l.report_date, l.reporting_unit, l.loaded_at, l.row_count, l.part
from current_loads l
left join latest_month m using (dataset)
where l.part <> 'month' or date_trunc('month', l.report_date) = m.month
order by l.dataset, l.reporting_unit nulls first, l.load_id
