-- Per lead agency, how its progress reports read across every reporting period: how many give a
-- date, a quantity, an output (report_score), and how many give none of them (vague). Reports on
-- tasks not yet done count: a done task's milestone is its completion. An agency is mostly vague
-- when its share of vague reports reaches $mostly_vague_share.
with reports as (
    select s.lead_agency, s.task_id, s.progress_note, s.report_date
    from stg_tasks s
    join loads l on l.load_id = s.load_id and l.status = 'active' and l.dataset = 'tasks'
    where s.status not in ('done_on_time', 'done_late') and trim(coalesce(s.progress_note, '')) <> ''
),
scored as (
    select
        coalesce(lead_agency, '(chưa ghi cơ quan)') as lead_agency, task_id, report_date,
        report_has_date(progress_note) as has_date,
        report_has_quantity(progress_note) as has_quantity,
        report_has_output(progress_note) as has_output,
        report_score(progress_note) as score,
        is_vague_report(progress_note) as is_vague
    from reports
),
per_agency as (
    select
        lead_agency,
        count(*) as reports,
        count(distinct task_id) as tasks,
        count(*) filter (where is_vague) as vague,
        count(*) filter (where has_date) as with_date,
        count(*) filter (where has_quantity) as with_quantity,
        count(*) filter (where has_output) as with_output,
        round(avg(score), 2) as avg_score,
        min(report_date) as first_report_date,
        max(report_date) as last_report_date
    from scored
    group by lead_agency
)
select
    *,
    round(100.0 * vague / reports, 1) as pct_vague,
    vague >= cast($mostly_vague_share as double) * reports and vague > 0 as is_mostly_vague
from per_agency
order by is_mostly_vague desc, pct_vague desc, vague desc, lead_agency
