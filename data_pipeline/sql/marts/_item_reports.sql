-- The latest report on each item a warning can point at (task, project, mine): what the agency wrote,
-- from which file, as of when. Keyed like the alerts mart: link_param + link_value.
with task_reports as (
    select 'task' as link_param, task_id as link_value, progress_note as report_text,
           output as expected_output, coordinating_agencies,
           null::double as plan_vnd, null::double as disbursed_vnd, null::date as license_expiry,
           report_date, source_file
    from tasks
),
project_reports as (
    select 'project', project_id, obstacle, null, null, plan_vnd, disbursed_vnd, null, report_date, source_file
    from disbursement
),
mine_reports as (
    select 'mine', mine_id, status, null, null, null, null, license_expiry, report_date, source_file
    from mining
)
select * from task_reports
union all select * from project_reports
union all select * from mine_reports
