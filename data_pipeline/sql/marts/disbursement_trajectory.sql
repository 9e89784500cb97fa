-- The year's disbursement curve: each monthly load's total rate against the straight-line path.
with per_load as (
    select
        l.load_id, l.report_date, l.file_name,
        sum(s.plan_vnd) as plan_vnd,
        sum(s.disbursed_vnd) as disbursed_vnd
    from stg_disbursement s
    join loads l on l.load_id = s.load_id and l.status = 'active' and l.dataset = 'disbursement'
    group by all
),
latest_per_date as (
    select * from per_load
    qualify row_number() over (partition by report_date order by load_id desc) = 1
)
select
    report_date, load_id, file_name as source_file, plan_vnd, disbursed_vnd,
    round(100.0 * disbursed_vnd / nullif(plan_vnd, 0), 1) as rate_pct,
    round(elapsed_pct(report_date), 1) as expected_pct
from latest_per_date
where year(report_date) = (select max(year(report_date)) from per_load)
order by report_date
