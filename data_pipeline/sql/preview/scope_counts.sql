-- How far a file of a dataset kept whole reaches, for the sentence the upload page says before
-- anything is written: the unit's current rows, the other current rows and their units, and for a
-- compilation the rows and units it would leave as they are (kept_rows). Reads what _load_scope.sql made.
select
    (select count(*) from before_rows) as unit_rows,
    (select count(*) from current_rows) - (select count(*) from before_rows) as other_rows,
    (select count(distinct report_unit) from current_rows c
     where not exists (select 1 from before_rows b where b.load_id = c.load_id and b.source_row = c.source_row)) as other_units,
    (select count(*) from current_rows) as all_rows,
    (select count(distinct report_unit) from current_rows) as all_units,
    (select count(*) from kept_rows) as kept_rows,
    (select count(distinct report_unit) from kept_rows) as kept_units
