-- Current projects, each judged against the time elapsed in the year: a project is "low" when
-- its rate is below a share of where it should be by now (thresholds in settings.toml).
-- Optional filters (NULL: all): project_id, commune_code, only ('low': the low ones, 'key': the key
-- projects); a page with limit and offset (NULL: every row). project_totals sums the same rows.
with projects as (
    select d.*, c.commune_name
    from disbursement d
    left join communes c using (commune_code)
    where ($project_id is null or d.project_id = $project_id)
      and ($commune_code is null or d.commune_code = $commune_code)
),
paced as (
    select
        *,
        100.0 * disbursed_vnd / nullif(plan_vnd, 0) as rate_pct,
        elapsed_pct(report_date) as expected_pct
    from projects
),
judged as (
    select
        *,
        plan_vnd > 0 and is_low_disbursement(rate_pct, expected_pct, report_date,
                                             $low_rate_of_elapsed, $low_rate_floor_pct) as is_low,
        plan_vnd > 0 and rate_pct < $amber_rate_of_elapsed * expected_pct as is_behind,
        disbursed_vnd > plan_vnd as is_over_plan
    from paced
)
select
    project_id, project_name, investor, location, commune_code, commune_name, capital_source, sector,
    is_key_project, plan_vnd, disbursed_vnd, plan_vnd - disbursed_vnd as remaining_vnd,
    round(rate_pct, 1) as rate_pct, round(expected_pct, 1) as expected_pct,
    is_low, is_behind, is_over_plan,
    case when is_low then 'red' when is_behind then 'amber' else 'green' end as state,
    obstacle, report_date, source_file
from judged
where ($only is null or ($only = 'low' and is_low) or ($only = 'key' and is_key_project))
order by is_low desc, is_key_project desc, rate_pct nulls first, plan_vnd desc, project_id
limit $limit offset $offset
