-- Every warning across all domains, each with its place in the one list (position: most serious
-- first: severity 1 = đỏ before 2 = vàng, then weight, domain, title). The rows alerts pages
-- through and alert_counts and red_items count. They depend only on the current data and the
-- thresholds, so the writer stores them in each published snapshot (marts.STORED).
with task_rows as (
    select * from task_flags($due_soon_days)  -- judged as task_list judges them
),
task_alerts as (
    select 1 as severity, 'tasks' as domain, 'overdue_task' as kind,
           'Quá hạn ' || (report_date - deadline) || ' ngày: ' || title as title,
           lead_agency as responsible, deadline, commune_code, 'task' as link_param, task_id as link_value,
           (report_date - deadline) as weight
    from task_rows where is_overdue
    union all
    select 2, 'tasks', 'due_soon_task', 'Sắp đến hạn ' || strftime(deadline, '%d/%m/%Y') || ': ' || title,
           lead_agency, deadline, commune_code, 'task', task_id, 0
    from task_rows where is_due_soon
    union all
    select 2, 'tasks', 'vague_report', 'Báo cáo chung chung, không có mốc: ' || title,
           lead_agency, deadline, commune_code, 'task', task_id, 0
    from task_rows where is_vague
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
),
growth_now as (
    select g.*,
           growth_gap_pct(target_vnd, actual_vnd) as gap_pct,
           growth_gap_points(target_growth_pct, actual_growth_pct) as gap_points,
           growth_state(target_vnd, actual_vnd, target_growth_pct, actual_growth_pct, $growth_behind_pct,
                        $growth_far_behind_pct, $growth_behind_points, $growth_far_behind_points) as state
    from growth g
    where period = (select max(period) from growth)
      and (sector_code = 'GRDP'
           or not exists (select 1 from growth c where c.period = g.period and c.parent_code = g.sector_code))
),
growth_alerts as (
    select case when state = 'red' then 1 else 2 end, 'growth', 'growth_behind',
           'Hụt so kịch bản tháng ' || strftime(period, '%m/%Y') || ' ('
               || case when gap_pct is not null
                       then replace(cast(round(-gap_pct, 1) as varchar), '.', ',') || '%'
                       else replace(cast(round(-gap_points, 1) as varchar), '.', ',') || ' điểm %' end
               || '): ' || sector,
           responsible_agency, null::date, null, 'sector', sector_code,
           coalesce(greatest(target_vnd - actual_vnd, 0) / 1e9, 0)
    from growth_now where state in ('red', 'amber')
),
dossier_alerts as (
    select case when pending_overdue >= $dossier_overdue_red then 1 else 2 end, 'dossiers', 'dossier_backlog',
           'Tồn ' || cast(pending_overdue as bigint) || ' hồ sơ thủ tục hành chính quá hạn: ' || unit_name
               || coalesce(' (' || field || ')', ''),
           unit_name, null::date, commune_code, 'unit', unit_key, pending_overdue
    from dossiers where pending_overdue > 0
),
petition_alerts as (
    select case when state = 'red' then 1 else 2 end, 'petitions', 'petition_pending',
           'Đơn ' || case kind when 'complaint' then 'khiếu nại' when 'denunciation' then 'tố cáo'
                               when 'recommendation' then 'kiến nghị, phản ánh' else 'thư' end
               || ' chưa giải quyết sau ' || (report_date - received_on) || ' ngày: ' || coalesce(content, petition_id),
           agency, due_on, commune_code, 'petition', petition_id, report_date - received_on
    from (select *, petition_state(status, received_on, due_on, report_date, $petition_warn_days,
                                   $petition_long_days) as state
          from petitions where is_case)
    where state in ('red', 'amber')
    union all
    select 1, 'petitions', 'petition_overdue',
           'Tồn ' || cast(pending_overdue_count as bigint) || ' đơn thư quá hạn giải quyết: ' || agency,
           agency, null::date, commune_code, 'agency', agency, pending_overdue_count
    from petitions where not is_case and pending_overdue_count > 0
)
select *, row_number() over (order by severity, weight desc, domain, title, link_value) as position
from (
    select * from task_alerts
    union all select * from project_alerts
    union all select * from mine_alerts
    union all select * from revenue_alerts
    union all select * from growth_alerts
    union all select * from dossier_alerts
    union all select * from petition_alerts
)
