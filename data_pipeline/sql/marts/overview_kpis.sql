-- The numbers leaders ask for first, each with its value at the end of the month before and a
-- red/amber/green state. Datasets kept whole merge every unit's newest report (their current view,
-- and <dataset>_at for the month before), so one unit's report never stands for the province.
with task_points as (
    select 0 as point, max(report_date) as report_date,
           count(*) filter (where status = 'overdue') as overdue,
           count(*) filter (where status in ('in_progress', 'not_started')
                            and deadline between report_date and report_date + cast($due_soon_days as integer)) as due_soon
    from tasks
    union all
    select 1, max(report_date), count(*) filter (where status = 'overdue'),
           count(*) filter (where status in ('in_progress', 'not_started')
                            and deadline between report_date and report_date + cast($due_soon_days as integer))
    from tasks_at([(select month_before(max(report_date)) from ranked_loads where dataset = 'tasks')])
),
task_kpi as (
    select n.report_date, n.overdue, n.due_soon,
           case when p.report_date is not null then p.overdue end as prev_overdue,
           case when p.report_date is not null then p.due_soon end as prev_due_soon
    from task_points n, task_points p
    where n.point = 0 and p.point = 1 and n.report_date is not null
),
disb_points as (
    select 0 as point, max(report_date) as report_date,
           100.0 * sum(disbursed_vnd) / nullif(sum(plan_vnd), 0) as rate_pct,
           count(*) filter (where plan_vnd > 0 and is_low_disbursement(
               100.0 * disbursed_vnd / nullif(plan_vnd, 0), elapsed_pct(report_date), report_date,
               $low_rate_of_elapsed, $low_rate_floor_pct)) as low_projects
    from disbursement
    union all
    select 1, max(report_date), 100.0 * sum(disbursed_vnd) / nullif(sum(plan_vnd), 0),
           count(*) filter (where plan_vnd > 0 and is_low_disbursement(
               100.0 * disbursed_vnd / nullif(plan_vnd, 0), elapsed_pct(report_date), report_date,
               $low_rate_of_elapsed, $low_rate_floor_pct))
    from disbursement_at([(select month_before(max(report_date)) from ranked_loads where dataset = 'disbursement')])
),
disb_kpi as (
    select n.report_date, n.rate_pct, elapsed_pct(n.report_date) as expected_pct, n.low_projects,
           case when p.report_date is not null then p.rate_pct end as prev_rate_pct,
           case when p.report_date is not null then p.low_projects end as prev_low_projects
    from disb_points n, disb_points p
    where n.point = 0 and p.point = 1 and n.report_date is not null
),
mine_points as (
    select 0 as point, max(report_date) as report_date,
           count(*) filter (where actual_output is not null and 100.0 * actual_output
               / nullif(expected_output(licensed_capacity, period_start, period_end, report_date), 0)
               < $far_below_pct) as far_below
    from mining
    union all
    select 1, max(report_date),
           count(*) filter (where actual_output is not null and 100.0 * actual_output
               / nullif(expected_output(licensed_capacity, period_start, period_end, report_date), 0)
               < $far_below_pct)
    from mining_at([(select month_before(max(report_date)) from ranked_loads where dataset = 'mining')])
),
mine_kpi as (
    select n.report_date, n.far_below, case when p.report_date is not null then p.far_below end as prev_far_below
    from mine_points n, mine_points p
    where n.point = 0 and p.point = 1 and n.report_date is not null
),
revenue_top as (
    select period,
           100.0 * ytd_actual_vnd / nullif(estimate_vnd, 0) as pct_of_estimate,
           100.0 * month(period) / 12 as expected_pct,
           100.0 * ytd_actual_vnd / nullif(ytd_last_year_vnd, 0) as pct_of_last_year
    from revenue
    where parent_item_code is null and area = 'Toàn tỉnh'
    qualify row_number() over (partition by period order by item_code) = 1
),
revenue_kpi as (
    select *, lead(pct_of_estimate) over (order by period desc) as prev_pct_of_estimate
    from revenue_top qualify row_number() over (order by period desc) = 1
),
trade_months as (
    select t.period, sum(t.value_usd) as value_usd,
           sum(coalesce(t.last_year_value_usd, p.value_usd)) as last_year_usd
    from trade t
    left join trade p on p.gate = t.gate and p.direction = t.direction and p.period = t.period - interval 1 year
    group by t.period
),
trade_kpi as (
    select
        max(period) as period,
        100.0 * (sum(value_usd) / nullif(sum(last_year_usd), 0) - 1) as change_pct,
        100.0 * (sum(value_usd) filter (where period < (select max(period) from trade_months))
                 / nullif(sum(last_year_usd) filter (where period < (select max(period) from trade_months)), 0) - 1) as prev_change_pct
    from trade_months
    where year(period) = (select max(year(period)) from trade_months)
),
growth_kpi as (
    select g.period,
           growth_gap_pct(g.target_vnd, g.actual_vnd) as gap_pct,
           growth_gap_pct(p.target_vnd, p.actual_vnd) as prev_gap_pct,
           growth_state(g.target_vnd, g.actual_vnd, g.target_growth_pct, g.actual_growth_pct, $growth_behind_pct,
                        $growth_far_behind_pct, $growth_behind_points, $growth_far_behind_points) as state
    from growth g
    left join growth p on p.sector_code = g.sector_code and p.period = g.period - interval 1 month
    where g.sector_code = 'GRDP' and g.period = (select max(period) from growth)
),
dossier_points as (
    select 0 as point, max(report_date) as report_date, sum(pending_overdue) as overdue,
           count(*) filter (where coalesce(pending_overdue, 0) >= $dossier_overdue_red) as red_units
    from dossiers
    union all
    select 1, max(report_date), sum(pending_overdue),
           count(*) filter (where coalesce(pending_overdue, 0) >= $dossier_overdue_red)
    from dossiers_at([(select month_before(max(report_date)) from ranked_loads where dataset = 'dossiers')])
),
dossier_kpi as (
    select n.report_date, n.overdue, n.red_units, case when p.report_date is not null then p.overdue end as prev_overdue
    from dossier_points n, dossier_points p
    where n.point = 0 and p.point = 1 and n.report_date is not null
),
petition_points as (
    select 0 as point, max(report_date) as report_date,
           count(*) filter (where petition_state(status, received_on, due_on, report_date,
                                                 $petition_warn_days, $petition_long_days) = 'red')
               + coalesce(sum(pending_overdue_count), 0) as pending_long,
           count(*) filter (where petition_state(status, received_on, due_on, report_date,
                                                 $petition_warn_days, $petition_long_days) = 'amber') as pending_a_while
    from petitions
    union all
    select 1, max(report_date),
           count(*) filter (where petition_state(status, received_on, due_on, report_date,
                                                 $petition_warn_days, $petition_long_days) = 'red')
               + coalesce(sum(pending_overdue_count), 0),
           count(*) filter (where petition_state(status, received_on, due_on, report_date,
                                                 $petition_warn_days, $petition_long_days) = 'amber')
    from petitions_at([(select month_before(max(report_date)) from ranked_loads where dataset = 'petitions')])
),
petition_kpi as (
    select n.report_date, n.pending_long, n.pending_a_while,
           case when p.report_date is not null then p.pending_long end as prev_pending_long
    from petition_points n, petition_points p
    where n.point = 0 and p.point = 1 and n.report_date is not null
),
kpis as (
    select 1 as position, 'overdue_tasks' as metric, 'Nhiệm vụ quá hạn' as label, overdue::double as value,
           prev_overdue::double as previous, 'count' as unit, report_date as as_of,
           case when overdue = 0 then 'green' when overdue <= 5 then 'amber' else 'red' end as state,
           'tasks' as page, true as lower_is_better, null::double as target
    from task_kpi
    union all
    select 2, 'due_soon_tasks', 'Sắp đến hạn (' || cast($due_soon_days as integer) || ' ngày)', due_soon, prev_due_soon, 'count',
           report_date, case when due_soon = 0 then 'green' else 'amber' end, 'tasks', true, null
    from task_kpi
    union all
    select 3, 'disbursement_rate', 'Giải ngân vốn đầu tư công', rate_pct, prev_rate_pct, 'pct', report_date,
           case when is_low_disbursement(rate_pct, expected_pct, report_date, $low_rate_of_elapsed, $low_rate_floor_pct) then 'red'
                when rate_pct < $amber_rate_of_elapsed * expected_pct then 'amber' else 'green' end,
           'investment', false, expected_pct
    from disb_kpi
    union all
    select 4, 'low_disbursement_projects', 'Dự án giải ngân thấp', low_projects, prev_low_projects, 'count', report_date,
           case when low_projects = 0 then 'green' when low_projects <= 3 then 'amber' else 'red' end,
           'investment', true, null
    from disb_kpi
    union all
    select 5, 'mines_far_below', 'Mỏ khai thác thấp xa công suất', far_below, prev_far_below, 'count', report_date,
           case when far_below = 0 then 'green' when far_below <= 2 then 'amber' else 'red' end, 'mining', true, null
    from mine_kpi
    union all
    select 6, 'revenue_pct', 'Thu ngân sách so dự toán', pct_of_estimate, prev_pct_of_estimate, 'pct', last_day(period),
           case when pct_of_estimate < expected_pct - $behind_pace_points then 'red'
                when pct_of_estimate < expected_pct then 'amber' else 'green' end, 'revenue', false, expected_pct
    from revenue_kpi
    union all
    select 7, 'revenue_vs_last_year', 'Thu ngân sách so cùng kỳ', pct_of_last_year, null, 'pct', last_day(period),
           case when pct_of_last_year < 100 then 'red' when pct_of_last_year < 105 then 'amber' else 'green' end,
           'revenue', false, 100.0
    from revenue_kpi
    union all
    select 8, 'trade_vs_last_year', 'Kim ngạch XNK so cùng kỳ', change_pct, prev_change_pct, 'change_pct', last_day(period),
           case when change_pct < $behind_last_year_pct then 'red' when change_pct < 0 then 'amber' else 'green' end,
           'trade', false, 0.0
    from trade_kpi where period is not null
    union all
    select 9, 'growth_gap', 'GRDP so kịch bản tăng trưởng', gap_pct, prev_gap_pct, 'change_pct', last_day(period),
           state, 'growth', false, 0.0
    from growth_kpi where gap_pct is not null
    union all
    select 10, 'dossiers_overdue', 'Hồ sơ TTHC quá hạn', overdue, prev_overdue, 'count', report_date,
           case when red_units > 0 then 'red' when overdue > 0 then 'amber' else 'green' end, 'admin', true, null
    from dossier_kpi
    union all
    select 11, 'petitions_pending_long', 'Đơn thư tồn lâu, quá hạn', pending_long, prev_pending_long, 'count', report_date,
           case when pending_long > 0 then 'red' when pending_a_while > 0 then 'amber' else 'green' end, 'admin', true, null
    from petition_kpi
)
select * from kpis order by position
