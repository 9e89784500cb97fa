-- What loading a disbursement file would change in the current `disbursement` view: one row per
-- project_id. Reads the file's rows (`incoming`) and what _load_scope.sql made of them: the current
-- rows it would replace (`before_rows`), the rows that would show after (`after_rows`) and whether
-- the file wins (`decision`).
with keys as (
    select project_id from before_rows
    union select project_id from after_rows
    union select project_id from incoming
),
compared as (
    select
        k.project_id as key,
        coalesce(a.project_name, b.project_name, f.project_name) as name,
        b.project_id is not null as in_before,
        a.project_id is not null as in_after,
        f.project_id is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.project_name is distinct from b.project_name then 'project_name' end,
            case when a.investor is distinct from b.investor then 'investor' end,
            case when a.location is distinct from b.location then 'location' end,
            case when a.commune_code is distinct from b.commune_code then 'commune_code' end,
            case when a.capital_source is distinct from b.capital_source then 'capital_source' end,
            case when a.sector is distinct from b.sector then 'sector' end,
            case when a.is_key_project is distinct from b.is_key_project then 'is_key_project' end,
            case when a.plan_vnd is distinct from b.plan_vnd then 'plan_vnd' end,
            case when a.disbursed_vnd is distinct from b.disbursed_vnd then 'disbursed_vnd' end,
            case when a.obstacle is distinct from b.obstacle then 'obstacle' end
        ], lambda c: c is not null) as changed_columns,
        b.plan_vnd as plan_vnd_before,
        a.plan_vnd as plan_vnd_after,
        b.disbursed_vnd as disbursed_vnd_before,
        a.disbursed_vnd as disbursed_vnd_after,
        f.source_row as file_row
    from keys k
    cross join decision d
    left join before_rows b on b.project_id = k.project_id
    left join after_rows a on a.project_id = k.project_id
    left join incoming f on f.project_id = k.project_id
)
select * from compared
order by file_row nulls last, key
