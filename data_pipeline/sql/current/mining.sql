-- Current rows of mining: the rows of its current load(s).
create or replace view mining as
select s.* exclude (source_row), s.source_row, l.file_name as source_file
from stg_mining s
join current_loads l on l.load_id = s.load_id and l.dataset = 'mining';
