-- Year to date by gate: this year against the same months of last year.
with monthly as (
    select
        t.period, t.gate, t.direction, t.value_usd, t.vehicles,
        coalesce(t.last_year_value_usd, prior.value_usd) as last_year_value_usd
    from trade t
    left join trade prior
        on prior.gate = t.gate and prior.direction = t.direction and prior.period = t.period - interval 1 year
),
this_year as (
    select * from monthly where year(period) = (select max(year(period)) from trade)
)
select
    gate,
    max(period) as latest_period,
    sum(value_usd) filter (where direction = 'export') as export_usd,
    sum(value_usd) filter (where direction = 'import') as import_usd,
    sum(value_usd) as total_usd,
    sum(last_year_value_usd) as last_year_usd,
    round(100.0 * (sum(value_usd) / nullif(sum(last_year_value_usd), 0) - 1), 1) as change_pct,
    sum(vehicles) as vehicles,
    100.0 * (sum(value_usd) / nullif(sum(last_year_value_usd), 0) - 1) < cast($behind_last_year_pct as double) as is_behind
from this_year
group by gate
order by total_usd desc nulls last
