-- The growth scenario in the latest month: every sector's target, estimate and gap, whether it
-- falls behind its monthly path, the measure and the agency that answers for it; with last
-- month's gap, to see whether it is closing.
with latest as (
    select max(period) as period from growth
),
months as (
    select
        g.*,
        growth_gap_pct(target_vnd, actual_vnd) as gap_pct,
        growth_gap_points(target_growth_pct, actual_growth_pct) as gap_points,
        growth_state(target_vnd, actual_vnd, target_growth_pct, actual_growth_pct,
                     $growth_behind_pct, $growth_far_behind_pct, $growth_behind_points, $growth_far_behind_points) as state
    from growth g
),
previous as (
    select sector_code, gap_pct as prev_gap_pct, gap_points as prev_gap_points, state as prev_state
    from months
    where period = (select period from latest) - interval 1 month
),
current_month as (
    select m.*,
           not exists (select 1 from months c where c.period = m.period and c.parent_code = m.sector_code)
               and m.sector_code <> 'GRDP' as is_leaf
    from months m where m.period = (select period from latest)
)
select
    c.period, c.sector_code, c.sector, c.parent_code,
    case when c.sector_code = 'GRDP' then 0
         else 1 + length(c.sector_code) - length(replace(c.sector_code, '.', '')) end as depth,
    c.is_leaf,
    c.target_vnd, c.actual_vnd,
    greatest(c.target_vnd - c.actual_vnd, 0) as shortfall_vnd,
    round(c.gap_pct, 1) as gap_pct,
    c.target_growth_pct, c.actual_growth_pct,
    round(c.gap_points, 2) as gap_points,
    c.state,
    coalesce(c.state in ('red', 'amber'), false) as is_behind,
    round(p.prev_gap_pct, 1) as prev_gap_pct,
    round(p.prev_gap_points, 2) as prev_gap_points,
    p.prev_state,
    case when p.prev_gap_pct is null and p.prev_gap_points is null then null
         when coalesce(c.gap_pct - p.prev_gap_pct, c.gap_points - p.prev_gap_points) > 0.05 then 'closing'
         when coalesce(c.gap_pct - p.prev_gap_pct, c.gap_points - p.prev_gap_points) < -0.05 then 'widening'
         else 'steady' end as trend,
    coalesce(c.state in ('red', 'amber'), false) and coalesce(trim(c.measure), '') = '' as lacks_measure,
    c.cause, c.measure, c.responsible_agency,
    c.report_date, c.source_file
from current_month c
left join previous p using (sector_code)
order by c.source_row
