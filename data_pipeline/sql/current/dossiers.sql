-- Current rows of dossiers: the report of the province's administrative-procedure system, or of
-- each unit, one row per unit and field.
-- A row's unit is its report_unit or its commune_code; the newest report covering each unit shows (unit_rows_at,
-- load_parts.sql). `dossiers_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro dossiers_at(as_ofs) as table
select * from unit_rows_at('dossiers', 'unit_key', true, as_ofs);

create or replace view dossiers as
select * exclude (as_of) from dossiers_at(['infinity'::date]);
