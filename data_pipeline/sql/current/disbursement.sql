-- Current rows of disbursement: one row per project.
-- A row's unit is its report_unit or its commune_code; the newest report covering each unit shows (unit_rows_at,
-- load_parts.sql). `disbursement_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro disbursement_at(as_ofs) as table
select * from unit_rows_at('disbursement', 'project_id', true, as_ofs);

create or replace view disbursement as
select * exclude (as_of) from disbursement_at(['infinity'::date]);
