-- Every month of the scenario for every sector: the path the sector should follow and where the
-- estimates put it, for the monthly chart.
select
    period, sector_code, sector, parent_code,
    target_vnd, actual_vnd, target_growth_pct, actual_growth_pct,
    round(growth_gap_pct(target_vnd, actual_vnd), 1) as gap_pct,
    growth_state(target_vnd, actual_vnd, target_growth_pct, actual_growth_pct,
                 $growth_behind_pct, $growth_far_behind_pct, $growth_behind_points, $growth_far_behind_points) as state,
    responsible_agency, source_file
from growth
order by sector_code, period
