-- What loading a growth file would change in the current `growth` view: one row per (period,
-- sector_code). Reads the file's rows (`incoming`) and what _month_scope.sql made of them: the
-- current rows it would replace (`before_rows`), the rows that would show after (`after_rows`) and
-- whether the file wins (`decision`).
with keys as (
    select period, sector_code from before_rows
    union select period, sector_code from after_rows
    union select period, sector_code from incoming
),
compared as (
    select
        strftime(k.period, '%m/%Y') || ' · ' || k.sector_code as key,
        coalesce(a.sector, b.sector, f.sector) as name,
        k.period, k.sector_code,
        b.sector_code is not null as in_before,
        a.sector_code is not null as in_after,
        f.sector_code is not null as in_file,
        d.file_wins,
        d.current_report_date,
        list_filter([
            case when a.sector is distinct from b.sector then 'sector' end,
            case when a.parent_code is distinct from b.parent_code then 'parent_code' end,
            case when a.target_vnd is distinct from b.target_vnd then 'target_vnd' end,
            case when a.actual_vnd is distinct from b.actual_vnd then 'actual_vnd' end,
            case when a.target_growth_pct is distinct from b.target_growth_pct then 'target_growth_pct' end,
            case when a.actual_growth_pct is distinct from b.actual_growth_pct then 'actual_growth_pct' end,
            case when a.cause is distinct from b.cause then 'cause' end,
            case when a.measure is distinct from b.measure then 'measure' end,
            case when a.responsible_agency is distinct from b.responsible_agency then 'responsible_agency' end
        ], lambda c: c is not null) as changed_columns,
        k.sector_code = 'GRDP' as is_total,
        b.target_vnd as target_vnd_before,
        a.target_vnd as target_vnd_after,
        b.actual_vnd as actual_vnd_before,
        a.actual_vnd as actual_vnd_after,
        f.source_row as file_row
    from keys k
    join decision d on d.period = k.period
    left join before_rows b on b.period = k.period and b.sector_code = k.sector_code
    left join after_rows a on a.period = k.period and a.sector_code = k.sector_code
    left join incoming f on f.period = k.period and f.sector_code = k.sector_code
)
select * from compared
order by file_row nulls last, period, sector_code
