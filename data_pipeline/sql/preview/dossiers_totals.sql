-- Administrative dossiers before and after loading the file, added up over all units.
select 1 as position, 'units' as measure, 'Số đơn vị' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'received', 'Hồ sơ nhận giải quyết', 'count', sum(received_before), sum(received_after) from preview_changes
union all
select 3, 'settled', 'Hồ sơ đã giải quyết', 'count', sum(settled_before), sum(settled_after) from preview_changes
union all
select 4, 'overdue', 'Hồ sơ đang giải quyết quá hạn', 'count', sum(overdue_before), sum(overdue_after) from preview_changes
order by position
