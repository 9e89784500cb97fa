-- What loading a dossiers file would change in the current `dossiers` view: one row per unit
-- (unit_key: unit and field). Reads the file's rows (`incoming`) and what _load_scope.sql made of
-- them: the current rows it would replace (`before_rows`), the rows that would show after
-- (`after_rows`) and whether the file wins (`decision`). _classify.sql then names each key's change.
with keys as (
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
select * from compared
order by file_row nulls last, key
