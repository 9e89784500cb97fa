-- Current rows of mining: one row per licensed mine. A mine's unit is its commune.
-- A row's unit is its report_unit; the newest report covering each unit shows (unit_rows_at,
-- load_parts.sql). `mining_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro mining_at(as_ofs) as table
select * from unit_rows_at('mining', 'mine_id', false, as_ofs);

create or replace view mining as
select * exclude (as_of) from mining_at(['infinity'::date]);
