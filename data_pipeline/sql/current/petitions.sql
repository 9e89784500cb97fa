-- Current rows of petitions: a later list of a unit's cases replaces its earlier one whole, so a
-- case settled and dropped from the list no longer shows as pending.
-- A row's unit is its report_unit or its commune_code; the newest report covering each unit shows (unit_rows_at,
-- load_parts.sql). `petitions_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro petitions_at(as_ofs) as table
select * from unit_rows_at('petitions', 'petition_id', true, as_ofs);

create or replace view petitions as
select * exclude (as_of) from petitions_at(['infinity'::date]);
