-- What loading a tasks file would change in the current `tasks` view: one row per task_id. Reads
-- the file's rows (`incoming`) and what _load_scope.sql made of them: the current rows it would
-- replace (`before_rows`), the rows that would show after (`after_rows`) and whether the file wins
-- (`decision`).
with keys as (
    select task_id from before_rows
    union select task_id from after_rows
    union select task_id from incoming
),
compared as (
    select
        k.task_id as key,
        coalesce(a.title, b.title, f.title) as name,
        b.task_id is not null as in_before,
        a.task_id is not null as in_after,
        f.task_id is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.title is distinct from b.title then 'title' end,
            case when a.source_doc is distinct from b.source_doc then 'source_doc' end,
            case when a.lead_agency is distinct from b.lead_agency then 'lead_agency' end,
            case when a.coordinating_agencies is distinct from b.coordinating_agencies then 'coordinating_agencies' end,
            case when a.commune_code is distinct from b.commune_code then 'commune_code' end,
            case when a.deadline is distinct from b.deadline then 'deadline' end,
            case when a.is_recurring is distinct from b.is_recurring then 'is_recurring' end,
            case when a.status is distinct from b.status then 'status' end,
            case when a.completed_on is distinct from b.completed_on then 'completed_on' end,
            case when a.output is distinct from b.output then 'output' end,
            case when a.progress_note is distinct from b.progress_note then 'progress_note' end
        ], lambda c: c is not null) as changed_columns,
        b.status as status_before,
        a.status as status_after,
        f.source_row as file_row
    from keys k
    cross join decision d
    left join before_rows b on b.task_id = k.task_id
    left join after_rows a on a.task_id = k.task_id
    left join incoming f on f.task_id = k.task_id
)
select * from compared
order by file_row nulls last, key
