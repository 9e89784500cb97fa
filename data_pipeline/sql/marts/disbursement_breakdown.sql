-- Current disbursement by investor, by sector and by capital source (one table, `dimension` says which).
with projects as (
    select * from disbursement
),
grouped as (
    select 'investor' as dimension, coalesce(investor, '(chưa ghi)') as name, plan_vnd, disbursed_vnd from projects
    union all
    select 'sector', coalesce(sector, '(chưa ghi)'), plan_vnd, disbursed_vnd from projects
    union all
    select 'capital_source', coalesce(capital_source, '(chưa ghi)'), plan_vnd, disbursed_vnd from projects
)
select
    dimension, name,
    count(*) as projects,
    sum(plan_vnd) as plan_vnd,
    sum(disbursed_vnd) as disbursed_vnd,
    round(100.0 * sum(disbursed_vnd) / nullif(sum(plan_vnd), 0), 1) as rate_pct
from grouped
group by all
order by dimension, plan_vnd desc nulls last
