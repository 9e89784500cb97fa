-- Current rows of dossiers: the rows of its current load(s), the compiled report of the
-- province's administrative-procedure system for every unit.
create or replace view dossiers as
select s.* exclude (source_row), s.source_row, l.file_name as source_file
from stg_dossiers s
join current_loads l on l.load_id = s.load_id and l.dataset = 'dossiers';
