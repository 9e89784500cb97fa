-- What loading a trade file would change in the current `trade` view: one row per (period, gate,
-- direction). Reads the file's rows (`incoming`) and what _month_scope.sql made of them: the
-- current rows it would replace (`before_rows`), the rows that would show after (`after_rows`) and
-- whether the file wins (`decision`).
with keys as (
    select period, gate, direction from before_rows
    union select period, gate, direction from after_rows
    union select period, gate, direction from incoming
),
compared as (
    select
        strftime(k.period, '%m/%Y') || ' · ' || k.gate || ' · '
            || case k.direction when 'export' then 'Xuất khẩu' else 'Nhập khẩu' end as key,
        k.gate as name,
        k.period, k.gate, k.direction,
        b.gate is not null as in_before,
        a.gate is not null as in_after,
        f.gate is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.value_usd is distinct from b.value_usd then 'value_usd' end,
            case when a.ytd_value_usd is distinct from b.ytd_value_usd then 'ytd_value_usd' end,
            case when a.last_year_value_usd is distinct from b.last_year_value_usd then 'last_year_value_usd' end,
            case when a.vehicles is distinct from b.vehicles then 'vehicles' end
        ], lambda c: c is not null) as changed_columns,
        b.value_usd as value_usd_before,
        a.value_usd as value_usd_after,
        f.source_row as file_row
    from keys k
    join decision d on d.period = k.period and d.gate = k.gate
    left join before_rows b on b.period = k.period and b.gate = k.gate and b.direction = k.direction
    left join after_rows a on a.period = k.period and a.gate = k.gate and a.direction = k.direction
    left join incoming f on f.period = k.period and f.gate = k.gate and f.direction = k.direction
)
select * from compared
order by file_row nulls last, period, gate, direction
