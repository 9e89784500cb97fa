-- The growth scenario before and after loading the file, in the months the file covers: the
-- GRDP line (sector_code 'GRDP') where the sheet has one.
select 1 as position, 'sectors' as measure, 'Số dòng ngành, lĩnh vực' as label, 'count' as kind,
       cast(count(*) filter (where in_before) as double) as before,
       cast(count(*) filter (where in_after) as double) as after
from preview_changes
union all
select 2, 'target_vnd', 'GRDP theo kịch bản', 'vnd',
       sum(target_vnd_before) filter (where is_total), sum(target_vnd_after) filter (where is_total)
from preview_changes
union all
select 3, 'actual_vnd', 'GRDP ước thực hiện', 'vnd',
       sum(actual_vnd_before) filter (where is_total), sum(actual_vnd_after) filter (where is_total)
from preview_changes
order by position
