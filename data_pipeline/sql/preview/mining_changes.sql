-- What loading a mining file would change in the current `mining` view: one row per mine_id.
-- Reads the temp table `incoming` (the file's rows, typed like stg_mining) and the load it would
-- become: $report_date, $reporting_unit. It replaces the current load of the same reporting unit
-- when its report date is not older (a tie goes to the later load, i.e. to the file).
with replaced as (
    select load_id, report_date
    from current_loads
    where dataset = 'mining' and coalesce(reporting_unit, '') = coalesce($reporting_unit, '')
),
decision as (
    select max(report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(report_date), true) as file_wins
    from replaced
),
before_rows as (
    select * from mining where load_id in (select load_id from replaced)
),
after_rows as (
    select * from incoming where (select file_wins from decision)
    union all by name
    select * from before_rows where not (select file_wins from decision)
),
keys as (
    select mine_id from before_rows
    union select mine_id from after_rows
    union select mine_id from incoming
),
compared as (
    select
        k.mine_id as key,
        coalesce(a.mine_name, b.mine_name, f.mine_name) as name,
        b.mine_id is not null as in_before,
        a.mine_id is not null as in_after,
        f.mine_id is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.mine_name is distinct from b.mine_name then 'mine_name' end,
            case when a.mineral is distinct from b.mineral then 'mineral' end,
            case when a.company is distinct from b.company then 'company' end,
            case when a.commune_code is distinct from b.commune_code then 'commune_code' end,
            case when a.location is distinct from b.location then 'location' end,
            case when a.licensed_capacity is distinct from b.licensed_capacity then 'licensed_capacity' end,
            case when a.actual_output is distinct from b.actual_output then 'actual_output' end,
            case when a.unit is distinct from b.unit then 'unit' end,
            case when a.period_start is distinct from b.period_start then 'period_start' end,
            case when a.period_end is distinct from b.period_end then 'period_end' end,
            case when a.license_expiry is distinct from b.license_expiry then 'license_expiry' end,
            case when a.status is distinct from b.status then 'status' end
        ], lambda c: c is not null) as changed_columns,
        b.licensed_capacity as licensed_capacity_before,
        a.licensed_capacity as licensed_capacity_after,
        b.actual_output as actual_output_before,
        a.actual_output as actual_output_after,
        f.source_row as file_row
    from keys k
    cross join decision d
    left join before_rows b on b.mine_id = k.mine_id
    left join after_rows a on a.mine_id = k.mine_id
    left join incoming f on f.mine_id = k.mine_id
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
