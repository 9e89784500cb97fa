-- Which current rows a file of a dataset kept whole (tasks, disbursement, mining, dossiers,
-- petitions) would replace, and which rows would show after it. Run by preview.py before
-- <dataset>_changes.sql, with {view} the dataset's current view and {second} the column that may
-- also name a row's unit (or null); reads the temp table `incoming` (the file's rows that its load
-- speaks for) and the load it would become: $report_date and $units (NULL for a compilation).
--
-- One unit's report is compared with that unit's own current rows: it replaces them when its
-- report date is not older (a tie goes to the later load, i.e. to the file). A compilation
-- replaces every unit's rows but those of units whose own report is newer than it (and the
-- tasks of conclusion notices), when it is not older than the current compilation.
create temp table current_rows as
    select v.*, coalesce(l.part, 'compilation') as part
    from {view} v
    left join current_loads l using (load_id);

create temp table before_rows as
    select * exclude (part) from current_rows
    where $units is null
       or list_contains($units, report_unit) or list_contains($units, {second});

create temp table kept_rows as  -- current rows the file would leave as they are
    select * exclude (part) from current_rows
    where case when $units is not null
               then report_date > cast($report_date as date)
                    and (list_contains($units, report_unit) or list_contains($units, {second}))
               else part = 'notice' or (part = 'unit' and report_date > cast($report_date as date))
          end;

create temp table unit_decision as
    select max(report_date) filter (where part <> 'notice'
                                    and ($units is not null or part = 'compilation')) as current_report_date,
           coalesce(cast($report_date as date) >= max(report_date) filter (
               where part <> 'notice' and ($units is not null or part = 'compilation')), true) as file_wins
    from current_rows
    where $units is null or list_contains($units, report_unit) or list_contains($units, {second});

create temp table after_rows as
    select * from incoming
    where (select file_wins from unit_decision)
      and not (report_unit in (select report_unit from kept_rows where report_unit is not null)
               or coalesce({second} in (select {second} from kept_rows where {second} is not null), false))
    union all by name
    select * from kept_rows where (select file_wins from unit_decision)
    union all by name
    select * from before_rows where not (select file_wins from unit_decision);

-- The file's rows that would not show: its load is older than what covers their units now.
create temp table decision as
    select *, (select count(*) from incoming) - (select count(*) from after_rows a
                                                  where a.load_id = 0) as superseded_rows
    from unit_decision;
