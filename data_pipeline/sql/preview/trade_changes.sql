-- What loading a trade file would change in the current `trade` view: one row per
-- (period, gate, direction). The view keeps, for every month and gate, the latest active load
-- covering it; so the file replaces the months and gates it covers, each one when its report date
-- ($report_date) is not older than the current one there (a tie goes to the later load, the file).
-- Reads the temp table `incoming` (the file's rows, typed like stg_trade).
with scope as (
    select distinct period, gate from incoming
),
decision as (
    select s.period, s.gate,
           max(t.report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(t.report_date), true) as file_wins
    from scope s
    left join trade t on t.period = s.period and t.gate = s.gate
    group by s.period, s.gate
),
before_rows as (
    select t.* from trade t join scope s on s.period = t.period and s.gate = t.gate
),
after_rows as (
    select i.* from incoming i
    join decision d on d.period = i.period and d.gate = i.gate
    where d.file_wins
    union all by name
    select b.* from before_rows b
    join decision d on d.period = b.period and d.gate = b.gate
    where not d.file_wins
),
keys as (
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
order by file_row nulls last, period, gate, direction
