-- Current mines: output against the licensed capacity for the same span of time, and licence dates.
with mines_now as (
    select m.*, c.commune_name from mining m left join communes c using (commune_code)
),
paced as (
    select
        *,
        expected_output(licensed_capacity, period_start, period_end, report_date) as expected_output
    from mines_now
)
select
    mine_id, mine_name, mineral, company, commune_code, commune_name, licensed_capacity, actual_output,
    unit, period_start, period_end, license_expiry, status, report_date, source_file,
    round(expected_output, 1) as expected_output,
    round(100.0 * actual_output / nullif(expected_output, 0), 1) as pct_of_licence,
    actual_output is null as not_reported,
    actual_output is not null and 100.0 * actual_output / nullif(expected_output, 0) < cast($far_below_pct as double) as is_far_below,
    actual_output is not null and 100.0 * actual_output / nullif(expected_output, 0) > cast($above_pct as double) as is_above,
    license_expiry is not null and license_expiry < report_date as is_expired,
    license_expiry is not null and license_expiry >= report_date
        and license_expiry < report_date + to_months(cast($expiry_warning_months as integer)) as is_expiring
from paced
order by not_reported desc, is_far_below desc, pct_of_licence nulls first, mine_name
