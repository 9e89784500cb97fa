-- Every load's figures for a project ($project_id; NULL: every project), for the project detail.
select
    s.project_id, s.project_name, s.plan_vnd, s.disbursed_vnd,
    round(100.0 * s.disbursed_vnd / nullif(s.plan_vnd, 0), 1) as rate_pct,
    s.obstacle, s.report_date, l.load_id, l.file_name as source_file
from stg_disbursement s
join loads l on l.load_id = s.load_id and l.status = 'active'
where $project_id is null or s.project_id = $project_id
order by s.project_id, s.report_date, l.loaded_at
