-- Totals of the current `mining` view before and after loading the file. Capacities and outputs
-- are added up as the sheets state them (m³ and tấn together), as a check on the file, not a figure.
select 1 as position, 'mines' as measure, 'Số mỏ' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'licensed_capacity', 'Tổng công suất cấp phép', 'quantity',
       sum(licensed_capacity_before), sum(licensed_capacity_after)
from preview_changes
union all
select 3, 'actual_output', 'Tổng sản lượng thực tế', 'quantity',
       sum(actual_output_before), sum(actual_output_after)
from preview_changes
order by position
