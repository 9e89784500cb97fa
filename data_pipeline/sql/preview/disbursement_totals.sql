-- Totals of the current `disbursement` view before and after loading the file.
select 1 as position, 'projects' as measure, 'Số dự án' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'plan_vnd', 'Kế hoạch vốn', 'vnd', sum(plan_vnd_before), sum(plan_vnd_after)
from preview_changes
union all
select 3, 'disbursed_vnd', 'Đã giải ngân', 'vnd', sum(disbursed_vnd_before), sum(disbursed_vnd_after)
from preview_changes
union all
select 4, 'disbursed_pct', 'Tỷ lệ giải ngân', 'pct',
       100.0 * sum(disbursed_vnd_before) / nullif(sum(plan_vnd_before), 0),
       100.0 * sum(disbursed_vnd_after) / nullif(sum(plan_vnd_after), 0)
from preview_changes
order by position
