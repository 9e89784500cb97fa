-- What loading a revenue file would change in the current `revenue` view: one row per
-- (period, area, item_code). The view keeps, for every month and area, the latest active load
-- covering it; so the file replaces the months and areas it covers, each one when its report date
-- ($report_date) is not older than the current one there (a tie goes to the later load, the file).
-- Reads the temp table `incoming` (the file's rows, typed like stg_revenue).
with scope as (
    select distinct period, area from incoming
),
decision as (
    select s.period, s.area,
           max(r.report_date) as current_report_date,
           coalesce(cast($report_date as date) >= max(r.report_date), true) as file_wins
    from scope s
    left join revenue r on r.period = s.period and r.area = s.area
    group by s.period, s.area
),
before_rows as (
    select r.* from revenue r join scope s on s.period = r.period and s.area = r.area
),
after_rows as (
    select i.* from incoming i
    join decision d on d.period = i.period and d.area = i.area
    where d.file_wins
    union all by name
    select b.* from before_rows b
    join decision d on d.period = b.period and d.area = b.area
    where not d.file_wins
),
keys as (
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
order by file_row nulls last, period, area, item_code
