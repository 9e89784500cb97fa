-- What loading a petitions file would change in the current `petitions` view: one row per case or
-- unit (petition_id). Reads the file's rows (`incoming`) and what _load_scope.sql made of them: the
-- current rows it would replace (`before_rows`), the rows that would show after (`after_rows`) and
-- whether the file wins (`decision`).
with keys as (
    select petition_id from before_rows
    union select petition_id from after_rows
    union select petition_id from incoming
),
compared as (
    select
        k.petition_id as key,
        coalesce(a.content, b.content, f.content, a.agency, b.agency, f.agency) as name,
        b.petition_id is not null as in_before,
        a.petition_id is not null as in_after,
        f.petition_id is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.agency is distinct from b.agency then 'agency' end,
            case when a.commune_code is distinct from b.commune_code then 'commune_code' end,
            case when a.kind is distinct from b.kind then 'kind' end,
            case when a.content is distinct from b.content then 'content' end,
            case when a.received_on is distinct from b.received_on then 'received_on' end,
            case when a.due_on is distinct from b.due_on then 'due_on' end,
            case when a.settled_on is distinct from b.settled_on then 'settled_on' end,
            case when a.status is distinct from b.status then 'status' end,
            case when a.received_count is distinct from b.received_count then 'received_count' end,
            case when a.settled_count is distinct from b.settled_count then 'settled_count' end,
            case when a.pending_count is distinct from b.pending_count then 'pending_count' end
        ], lambda c: c is not null) as changed_columns,
        b.received_count as received_before, a.received_count as received_after,
        b.settled_count as settled_before, a.settled_count as settled_after,
        b.pending_count as pending_before, a.pending_count as pending_after,
        f.source_row as file_row
    from keys k
    cross join decision d
    left join before_rows b on b.petition_id = k.petition_id
    left join after_rows a on a.petition_id = k.petition_id
    left join incoming f on f.petition_id = k.petition_id
)
select * from compared
order by file_row nulls last, key
