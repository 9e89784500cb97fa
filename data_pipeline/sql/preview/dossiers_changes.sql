-- What loading a dossiers file would change in the current `dossiers` view: one row per unit
-- (unit_key: unit and field). Reads the temp table `incoming` (the file's rows, typed like
-- stg_dossiers) and the load it would become: $report_date, $reporting_unit. It replaces the
-- current load when its report date is not older (a tie goes to the later load, the file).
with replaced as (
    select load_id, report_date
    from current_loads
    where dataset = 'dossiers' and coalesce(reporting_unit, '') = coalesce($reporting_unit, '')
),
decision as (
    select max(report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(report_date), true) as file_wins
    from replaced
),
before_rows as (
    select * from dossiers where load_id in (select load_id from replaced)
),
after_rows as (
    select * from incoming where (select file_wins from decision)
    union all by name
    select * from before_rows where not (select file_wins from decision)
),
keys as (
    select unit_key from before_rows
    union select unit_key from after_rows
    union select unit_key from incoming
),
compared as (
    select
        k.unit_key as key,
        coalesce(a.unit_name, b.unit_name, f.unit_name) || coalesce(' · ' || coalesce(a.field, b.field, f.field), '') as name,
        b.unit_key is not null as in_before,
        a.unit_key is not null as in_after,
        f.unit_key is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.unit_group is distinct from b.unit_group then 'unit_group' end,
            case when a.commune_code is distinct from b.commune_code then 'commune_code' end,
            case when a.received_total is distinct from b.received_total then 'received_total' end,
            case when a.settled_total is distinct from b.settled_total then 'settled_total' end,
            case when a.settled_late is distinct from b.settled_late then 'settled_late' end,
            case when a.pending_total is distinct from b.pending_total then 'pending_total' end,
            case when a.pending_overdue is distinct from b.pending_overdue then 'pending_overdue' end
        ], lambda c: c is not null) as changed_columns,
        b.received_total as received_before, a.received_total as received_after,
        b.settled_total as settled_before, a.settled_total as settled_after,
        b.pending_overdue as overdue_before, a.pending_overdue as overdue_after,
        f.source_row as file_row
    from keys k
    cross join decision d
    left join before_rows b on b.unit_key = k.unit_key
    left join after_rows a on a.unit_key = k.unit_key
    left join incoming f on f.unit_key = k.unit_key
)
select
    case
        when not in_before and not in_after then 'not_applied'
        when not in_before then 'added'
        when not in_after then 'removed'
        when len(changed_columns) > 0 then 'changed'
        else 'unchanged'
    end as change,
    * replace (case when in_before and in_after then changed_columns else [] end as changed_columns)
from compared
order by file_row nulls last, key
