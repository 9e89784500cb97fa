-- What loading a mining file would change in the current `mining` view: one row per mine_id. Reads
-- the file's rows (`incoming`) and what _load_scope.sql made of them: the current rows it would
-- replace (`before_rows`), the rows that would show after (`after_rows`) and whether the file wins
-- (`decision`).
with keys as (
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
select * from compared
order by file_row nulls last, key
