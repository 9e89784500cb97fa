-- Petitions before and after loading the file: received, settled and pending, added up.
select 1 as position, 'rows' as measure, 'Số dòng (đơn hoặc đơn vị)' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'received', 'Tổng số đơn', 'count', sum(received_before), sum(received_after) from preview_changes
union all
select 3, 'settled', 'Đã giải quyết', 'count', sum(settled_before), sum(settled_after) from preview_changes
union all
select 4, 'pending', 'Đang giải quyết', 'count', sum(pending_before), sum(pending_after) from preview_changes
order by position
