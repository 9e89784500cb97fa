-- Month by month, the province's top revenue line (the item with no parent).
select
    period, item_name, month_actual_vnd, ytd_actual_vnd, ytd_last_year_vnd, estimate_vnd,
    round(100.0 * ytd_actual_vnd / nullif(estimate_vnd, 0), 1) as pct_of_estimate,
    round(100.0 * month(period) / 12, 1) as expected_pct,
    source_file
from revenue
where parent_item_code is null and area = 'Toàn tỉnh'
qualify row_number() over (partition by period order by item_code) = 1
order by period
