-- How many rows loading the file would add, remove or change in its dataset's current view,
-- and how many of its rows would not show because the current data there is newer.
select
    count(*) filter (where change = 'added') as added,
    count(*) filter (where change = 'removed') as removed,
    count(*) filter (where change = 'changed') as changed,
    count(*) filter (where change = 'unchanged') as unchanged,
    coalesce((select sum(superseded_rows) from decision),
             count(*) filter (where in_file and not file_wins)) as superseded,
    max(current_report_date) as current_report_date
from preview_changes
