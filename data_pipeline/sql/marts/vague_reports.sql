-- Per lead agency, how its progress reports read across every reporting period: how many give a
-- date, a quantity, an output (report_score), and how many give none of them (vague). Reports on
-- tasks not yet done count: a done task's milestone is its completion. An agency is mostly vague
-- when its share of vague reports reaches $mostly_vague_share.
-- Each load's reports were scored when it was stored (task_reports_by_load, an agency's own rows);
-- this adds them up, one load an agency and month (the newest active one: an agency's own report and
-- the compilation of the same month say the same thing once). A task counts once per agency, in
-- the first of those loads that reports on it. Reports on tasks given to a group or to several agencies
-- count on one line, 'Nhiều cơ quan' (lead_line), as on task_scoreboard.
with active_loads as (
    select r.load_id, r.lead_agency
    from task_reports_by_load r
    join ranked_loads l on l.load_id = r.load_id
    qualify row_number() over (partition by r.lead_agency, date_trunc('month', l.report_date)
                               order by l.recency desc) = 1
),
active_ids as (
    select lead_agency, list(load_id) as ids from active_loads group by lead_agency
),
per_load as (
    select r.*, not list_has_any(r.earlier_loads, a.ids) as is_first_report
    from task_reports_by_load r
    join active_loads using (load_id, lead_agency)
    join active_ids a using (lead_agency)
),
per_agency as (
    select
        lead_agency,
        sum(reports)::bigint as reports,
        coalesce(sum(tasks) filter (where is_first_report), 0)::bigint as tasks,
        sum(vague)::bigint as vague,
        sum(with_date)::bigint as with_date,
        sum(with_quantity)::bigint as with_quantity,
        sum(with_output)::bigint as with_output,
        sum(score_sum) as score_sum,
        min(first_report_date) filter (where reports > 0) as first_report_date,
        max(last_report_date) filter (where reports > 0) as last_report_date
    from per_load
    group by lead_agency
    having sum(reports) > 0  -- a load's line of zeros only marks that the agency was in it
),
per_line as (  -- lead_line once per distinct lead, not per report: its regular expressions are slow
    select
        lead_line(lead_agency) as lead_agency,
        sum(reports)::bigint as reports,
        sum(tasks)::bigint as tasks,
        sum(vague)::bigint as vague,
        sum(with_date)::bigint as with_date,
        sum(with_quantity)::bigint as with_quantity,
        sum(with_output)::bigint as with_output,
        round(sum(score_sum) / sum(reports), 2) as avg_score,
        min(first_report_date) as first_report_date,
        max(last_report_date) as last_report_date
    from per_agency
    group by 1
)
select
    *,
    round(100.0 * vague / reports, 1) as pct_vague,
    vague >= cast($mostly_vague_share as double) * reports and vague > 0 as is_mostly_vague
from per_line
order by is_mostly_vague desc, pct_vague desc, vague desc, lead_agency
