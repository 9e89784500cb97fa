-- Who answers for the shortfall: per responsible agency, its sectors in the latest month, how
-- many fall behind their path and by how much, and whether each has a measure to make it up.
with latest as (
    select *,
           growth_state(target_vnd, actual_vnd, target_growth_pct, actual_growth_pct,
                        $growth_behind_pct, $growth_far_behind_pct, $growth_behind_points, $growth_far_behind_points) as state
    from growth g
    where period = (select max(period) from growth)
      and sector_code <> 'GRDP'
      and not exists (select 1 from growth c where c.period = g.period and c.parent_code = g.sector_code)
)
select
    coalesce(responsible_agency, 'Chưa giao cơ quan chủ trì') as agency,
    responsible_agency is null as is_unassigned,
    count(*) as sectors,
    count(*) filter (where state in ('red', 'amber')) as behind,
    count(*) filter (where state = 'red') as far_behind,
    sum(greatest(target_vnd - actual_vnd, 0)) filter (where state in ('red', 'amber')) as shortfall_vnd,
    count(*) filter (where state in ('red', 'amber') and coalesce(trim(measure), '') = '') as behind_without_measure,
    string_agg(sector, '; ' order by sector) filter (where state in ('red', 'amber')) as behind_sectors,
    max(period) as period
from latest
group by all
order by far_behind desc, behind desc, shortfall_vnd desc nulls last, agency
