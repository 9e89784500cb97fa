-- Border trade before and after loading the file, in the months and gates the file covers.
select 1 as position, 'rows' as measure, 'Số dòng (cửa khẩu × tháng × chiều)' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'value_usd', 'Tổng kim ngạch', 'usd', sum(value_usd_before), sum(value_usd_after)
from preview_changes
union all
select 3, 'export_usd', 'Xuất khẩu', 'usd',
       sum(value_usd_before) filter (where direction = 'export'),
       sum(value_usd_after) filter (where direction = 'export')
from preview_changes
union all
select 4, 'import_usd', 'Nhập khẩu', 'usd',
       sum(value_usd_before) filter (where direction = 'import'),
       sum(value_usd_after) filter (where direction = 'import')
from preview_changes
order by position
