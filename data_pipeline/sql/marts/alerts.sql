-- One list of warnings across all domains, most serious first. severity: 1 = đỏ, 2 = vàng.
with task_rows as (
    select * from tasks
),
task_alerts as (
    select 1 as severity, 'tasks' as domain, 'overdue_task' as kind,
           'Quá hạn ' || (report_date - deadline) || ' ngày: ' || title as title,
           lead_agency as responsible, deadline, commune_code, 'task' as link_param, task_id as link_value,
           (report_date - deadline) as weight
    from task_rows where status = 'overdue'
    union all
    select 2, 'tasks', 'due_soon_task', 'Sắp đến hạn ' || strftime(deadline, '%d/%m/%Y') || ': ' || title,
           lead_agency, deadline, commune_code, 'task', task_id, 0
    from task_rows
    where status in ('in_progress', 'not_started')
      and deadline between report_date and report_date + cast($due_soon_days as integer)
    union all
    select 2, 'tasks', 'vague_report', 'Báo cáo chung chung, không có mốc: ' || title,
           lead_agency, deadline, commune_code, 'task', task_id, 0
    from task_rows
    where status not in ('done_on_time', 'done_late') and is_vague_report(progress_note)
),
project_alerts as (
    select case when is_key_project then 1 else 2 end, 'investment', 'low_disbursement',
           'Giải ngân thấp (' || replace(cast(round(100.0 * disbursed_vnd / nullif(plan_vnd, 0), 1) as varchar), '.', ',')
               || '%): ' || project_name,
           investor, null::date, commune_code, 'project', project_id,
           plan_vnd / 1e9
    from disbursement
    where plan_vnd > 0 and is_low_disbursement(100.0 * disbursed_vnd / nullif(plan_vnd, 0), elapsed_pct(report_date),
                                               report_date, $low_rate_of_elapsed, $low_rate_floor_pct)
),
mine_alerts as (
    select 2, 'mining', 'mine_far_below', 'Khai thác thấp xa công suất: ' || mine_name,
           company, null::date, commune_code, 'mine', mine_id, 0
    from mining
    where actual_output is not null
      and 100.0 * actual_output / nullif(expected_output(licensed_capacity, period_start, period_end, report_date), 0) < $far_below_pct
    union all
    select 1, 'mining', 'licence_expired', 'Giấy phép đã hết hạn ' || strftime(license_expiry, '%d/%m/%Y') || ': ' || mine_name,
           company, license_expiry, commune_code, 'mine', mine_id, 0
    from mining where license_expiry < report_date
    union all
    select 2, 'mining', 'not_reported', 'Chưa báo cáo sản lượng: ' || mine_name,
           company, null::date, commune_code, 'mine', mine_id, 0
    from mining where actual_output is null
),
revenue_alerts as (
    select 2, 'revenue', 'revenue_behind', 'Thu chậm so dự toán: ' || item_name,
           'Sở Tài chính', null::date, null, 'item', item_code, 0
    from revenue
    -- the latest month, from the active loads' rows: the filter then reaches the scan
    where period = (select max(s.period) from stg_revenue s join loads l on l.load_id = s.load_id and l.status = 'active')
      and area = 'Toàn tỉnh' and estimate_vnd > 0
      and 100.0 * ytd_actual_vnd / estimate_vnd < 100.0 * month(period) / 12 - $behind_pace_points
)
select * from (
    select * from task_alerts
    union all select * from project_alerts
    union all select * from mine_alerts
    union all select * from revenue_alerts
)
order by severity, weight desc, domain, title
