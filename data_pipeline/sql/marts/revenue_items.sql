-- The revenue item tree of the latest month, with pace against the estimate and against last year.
-- The latest month comes from the active loads' rows (the months the revenue view shows), so
-- that the filter on period reaches the scan instead of ranking every month of history first.
-- area (optional; NULL: every area) keeps one area's tree: 'Toàn tỉnh' for the province, or a commune_code.
with latest_month as (
    select max(s.period) as period
    from stg_revenue s join loads l on l.load_id = s.load_id and l.status = 'active'
),
latest as (
    select * from revenue
    where period = (select period from latest_month)
      and ($area is null or area = $area)
)
select
    period, area, item_code, item_name, parent_item_code,
    length(item_code) - length(replace(item_code, '.', '')) as depth,
    estimate_vnd, month_actual_vnd, ytd_actual_vnd, ytd_last_year_vnd,
    round(100.0 * ytd_actual_vnd / nullif(estimate_vnd, 0), 1) as pct_of_estimate,
    round(100.0 * month(period) / 12, 1) as expected_pct,
    round(100.0 * ytd_actual_vnd / nullif(ytd_last_year_vnd, 0), 1) as pct_of_last_year,
    100.0 * ytd_actual_vnd / nullif(estimate_vnd, 0) < 100.0 * month(period) / 12 - cast($behind_pace_points as double) as is_behind,
    source_file
from latest
order by area, source_row
