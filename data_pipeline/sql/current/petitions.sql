-- Current rows of petitions: the rows of its current load(s). A later list of cases replaces the
-- earlier one whole, so a case settled and dropped from the list no longer shows as pending.
create or replace view petitions as
select s.* exclude (source_row), s.source_row, l.file_name as source_file
from stg_petitions s
join current_loads l on l.load_id = s.load_id and l.dataset = 'petitions';
