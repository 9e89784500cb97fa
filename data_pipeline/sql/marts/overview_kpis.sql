-- The numbers leaders ask for first, each with the previous load's value and a red/amber/green state.
with task_loads as (
    select
        l.report_date,
        count(*) filter (where s.status = 'overdue') as overdue,
        count(*) filter (where s.status in ('in_progress', 'not_started')
                         and s.deadline between l.report_date and l.report_date + cast($due_soon_days as integer)) as due_soon
    from stg_tasks s join latest_loads l on l.load_id = s.load_id and l.dataset = 'tasks'
    group by l.load_id, l.report_date
),
task_kpi as (
    select *, lead(overdue) over w as prev_overdue, lead(due_soon) over w as prev_due_soon
    from task_loads window w as (order by report_date desc)
    qualify row_number() over (order by report_date desc) = 1
),
disb_loads as (
    select
        l.report_date,
        100.0 * sum(s.disbursed_vnd) / nullif(sum(s.plan_vnd), 0) as rate_pct,
        elapsed_pct(l.report_date) as expected_pct,
        count(*) filter (where s.plan_vnd > 0 and is_low_disbursement(
            100.0 * s.disbursed_vnd / nullif(s.plan_vnd, 0), elapsed_pct(l.report_date), l.report_date,
            $low_rate_of_elapsed, $low_rate_floor_pct)) as low_projects
    from stg_disbursement s join latest_loads l on l.load_id = s.load_id and l.dataset = 'disbursement'
    group by l.load_id, l.report_date
),
disb_kpi as (
    select *, lead(rate_pct) over w as prev_rate_pct, lead(low_projects) over w as prev_low_projects
    from disb_loads window w as (order by report_date desc)
    qualify row_number() over (order by report_date desc) = 1
),
mine_loads as (
    select
        l.report_date,
        count(*) filter (where s.actual_output is not null and 100.0 * s.actual_output
            / nullif(expected_output(s.licensed_capacity, s.period_start, s.period_end, l.report_date), 0)
            < $far_below_pct) as far_below
    from stg_mining s join latest_loads l on l.load_id = s.load_id and l.dataset = 'mining'
    group by l.load_id, l.report_date
),
mine_kpi as (
    select *, lead(far_below) over (order by report_date desc) as prev_far_below
    from mine_loads qualify row_number() over (order by report_date desc) = 1
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
dossier_loads as (
    select l.report_date,
           sum(s.pending_overdue) as overdue,
           count(*) filter (where coalesce(s.pending_overdue, 0) >= $dossier_overdue_red) as red_units
    from stg_dossiers s join latest_loads l on l.load_id = s.load_id and l.dataset = 'dossiers'
    group by l.load_id, l.report_date
),
dossier_kpi as (
    select *, lead(overdue) over (order by report_date desc) as prev_overdue
    from dossier_loads qualify row_number() over (order by report_date desc) = 1
),
petition_loads as (
    select l.report_date,
           count(*) filter (where petition_state(s.status, s.received_on, s.due_on, l.report_date,
                                                 $petition_warn_days, $petition_long_days) = 'red')
               + coalesce(sum(s.pending_overdue_count), 0) as pending_long,
           count(*) filter (where petition_state(s.status, s.received_on, s.due_on, l.report_date,
                                                 $petition_warn_days, $petition_long_days) = 'amber') as pending_a_while
    from stg_petitions s join latest_loads l on l.load_id = s.load_id and l.dataset = 'petitions'
    group by l.load_id, l.report_date
),
petition_kpi as (
    select *, lead(pending_long) over (order by report_date desc) as prev_pending_long
    from petition_loads qualify row_number() over (order by report_date desc) = 1
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
