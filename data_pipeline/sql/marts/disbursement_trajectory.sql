-- The year's disbursement curve against the straight-line path: the province's total rate at the
-- end of every month that has reports (as of its last report date), every unit's newest report
-- merged as the current view merges them (disbursement_at), so one commune's report is never read
-- as the province's figure.
with points as (
    select list(as_of) as as_ofs
    from month_checkpoints
    where dataset = 'disbursement' and year(as_of) = (select max(year(as_of)) from month_checkpoints
                                                      where dataset = 'disbursement')
),
per_point as (
    select as_of as report_date,
           sum(plan_vnd) as plan_vnd,
           sum(disbursed_vnd) as disbursed_vnd,
           count(distinct load_id) as loads,
           max(source_file) filter (where report_date = as_of) as source_file
    from disbursement_at((select as_ofs from points))
    group by as_of
)
select
    report_date, loads, source_file, plan_vnd, disbursed_vnd,
    round(100.0 * disbursed_vnd / nullif(plan_vnd, 0), 1) as rate_pct,
    round(elapsed_pct(report_date), 1) as expected_pct
from per_point
order by report_date
