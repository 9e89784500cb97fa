-- What loading a revenue file would change in the current `revenue` view: one row per (period,
-- area, item_code). Reads the file's rows (`incoming`) and what _month_scope.sql made of them: the
-- current rows it would replace (`before_rows`), the rows that would show after (`after_rows`) and
-- whether the file wins (`decision`).
with keys as (
    select period, area, item_code from before_rows
    union select period, area, item_code from after_rows
    union select period, area, item_code from incoming
),
compared as (
    select
        strftime(k.period, '%m/%Y') || ' · ' || coalesce(c.commune_name, k.area) || ' · ' || k.item_code as key,
        coalesce(a.item_name, b.item_name, f.item_name) as name,
        k.period, k.area, k.item_code,
        b.item_code is not null as in_before,
        a.item_code is not null as in_after,
        f.item_code is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.item_name is distinct from b.item_name then 'item_name' end,
            case when a.parent_item_code is distinct from b.parent_item_code then 'parent_item_code' end,
            case when a.estimate_vnd is distinct from b.estimate_vnd then 'estimate_vnd' end,
            case when a.month_actual_vnd is distinct from b.month_actual_vnd then 'month_actual_vnd' end,
            case when a.ytd_actual_vnd is distinct from b.ytd_actual_vnd then 'ytd_actual_vnd' end,
            case when a.ytd_last_year_vnd is distinct from b.ytd_last_year_vnd then 'ytd_last_year_vnd' end
        ], lambda c: c is not null) as changed_columns,
        b.parent_item_code is null and b.item_code is not null as top_before,
        a.parent_item_code is null and a.item_code is not null as top_after,
        b.estimate_vnd as estimate_vnd_before,
        a.estimate_vnd as estimate_vnd_after,
        b.month_actual_vnd as month_actual_vnd_before,
        a.month_actual_vnd as month_actual_vnd_after,
        b.ytd_actual_vnd as ytd_actual_vnd_before,
        a.ytd_actual_vnd as ytd_actual_vnd_after,
        f.source_row as file_row
    from keys k
    join decision d on d.period = k.period and d.area = k.area
    left join communes c on c.commune_code = k.area
    left join before_rows b on b.period = k.period and b.area = k.area and b.item_code = k.item_code
    left join after_rows a on a.period = k.period and a.area = k.area and a.item_code = k.item_code
    left join incoming f on f.period = k.period and f.area = k.area and f.item_code = k.item_code
)
select * from compared
order by file_row nulls last, period, area, item_code
