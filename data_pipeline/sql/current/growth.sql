-- Current growth rows. Each load reports a month of the scenario; for every month and sector the
-- latest active load that covers it wins, so the view keeps the year's monthly path.
create or replace view growth as
with candidates as (
    select s.*, l.file_name as source_file,
           dense_rank() over (partition by s.period, s.sector_code
                              order by l.report_date desc, l.loaded_at desc, l.load_id desc) as recency
    from stg_growth s
    join loads l on l.load_id = s.load_id and l.status = 'active'
    where coalesce(s.is_own, true)  -- a row of another unit in a unit's report is history only
)
select * exclude (recency, source_row, source_file), source_row, source_file
from candidates where recency = 1;
