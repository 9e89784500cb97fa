-- Exports and imports by gate and month, with last year's value for the same month where known.
with current_rows as (
    select * from trade
),
last_year as (
    select gate, direction, period + interval 1 year as period, value_usd as prior_value_usd from current_rows
)
select
    t.period, t.gate, t.direction,
    case t.direction when 'export' then 'Xuất khẩu' else 'Nhập khẩu' end as direction_label,
    t.value_usd, t.ytd_value_usd,
    coalesce(t.last_year_value_usd, ly.prior_value_usd) as last_year_value_usd,
    t.vehicles, t.source_file
from current_rows t
left join last_year ly on ly.gate = t.gate and ly.direction = t.direction and ly.period = t.period
order by t.period, t.gate, t.direction
