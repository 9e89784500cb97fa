-- Revenue before and after loading the file, in the months and areas the file covers: the top
-- line of each (the first item with no parent, as the revenue marts take it), added up.
with top_before as (
    select * from preview_changes where top_before
    qualify row_number() over (partition by period, area order by item_code) = 1
),
top_after as (
    select * from preview_changes where top_after
    qualify row_number() over (partition by period, area order by item_code) = 1
)
select 1 as position, 'items' as measure, 'Số chỉ tiêu' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'estimate_vnd', 'Dự toán năm', 'vnd',
       (select sum(estimate_vnd_before) from top_before), (select sum(estimate_vnd_after) from top_after)
union all
select 3, 'month_actual_vnd', 'Thực hiện trong tháng', 'vnd',
       (select sum(month_actual_vnd_before) from top_before), (select sum(month_actual_vnd_after) from top_after)
union all
select 4, 'ytd_actual_vnd', 'Lũy kế từ đầu năm', 'vnd',
       (select sum(ytd_actual_vnd_before) from top_before), (select sum(ytd_actual_vnd_after) from top_after)
order by position
