-- Which current rows a file of a dataset loaded whole (tasks, disbursement, mining, dossiers,
-- petitions) would replace, and whether it would show. Run by preview.py before
-- <dataset>_changes.sql, with {view} the dataset's current view; reads the temp table `incoming`
-- (the file's rows) and the load it would become: $report_date, $reporting_unit. The file replaces
-- the current load of the same reporting unit when its report date is not older (a tie goes to the
-- later load, i.e. to the file).
create temp table replaced as
    select load_id, report_date
    from current_loads
    where dataset = '{view}' and coalesce(reporting_unit, '') = coalesce($reporting_unit, '');

create temp table decision as
    select max(report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(report_date), true) as file_wins
    from replaced;

create temp table before_rows as
    select * from {view} where load_id in (select load_id from replaced);

create temp table after_rows as
    select * from incoming where (select file_wins from decision)
    union all by name
    select * from before_rows where not (select file_wins from decision);
