-- What loading a disbursement file would change in the current `disbursement` view: one row per
-- project_id. Reads the temp table `incoming` (the file's rows, typed like stg_disbursement) and
-- the load it would become: $report_date, $reporting_unit. It replaces the current load of the
-- same reporting unit when its report date is not older (a tie goes to the later load, the file).
with replaced as (
    select load_id, report_date
    from current_loads
    where dataset = 'disbursement' and coalesce(reporting_unit, '') = coalesce($reporting_unit, '')
),
decision as (
    select max(report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(report_date), true) as file_wins
    from replaced
),
before_rows as (
    select * from disbursement where load_id in (select load_id from replaced)
),
after_rows as (
    select * from incoming where (select file_wins from decision)
    union all by name
    select * from before_rows where not (select file_wins from decision)
),
keys as (
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
