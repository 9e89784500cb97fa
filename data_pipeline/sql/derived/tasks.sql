-- What the text of a tasks load gives, worked out once when the load is stored (in the load's own
-- transaction), for every load whose rows are not yet scored (note_score is null): a new load, or
-- every load of a store made before these figures existed. The regular expressions of _macros.sql
-- then run once per stored row instead of once per row on every view.

create or replace temp table pending_task_loads as
select distinct load_id from stg_tasks where note_score is null;

-- Progress reports of tasks not yet done (a done task's milestone is its completion), as
-- vague_reports reads them.
insert into task_reports_by_load
with reported as (
    select load_id, coalesce(lead_agency, '(chưa ghi cơ quan)') as lead_agency, task_id
    from stg_tasks
    where status not in ('done_on_time', 'done_late') and trim(coalesce(progress_note, '')) <> ''
      and coalesce(is_own, true)
),
new_reports as (
    select
        s.load_id, coalesce(s.lead_agency, '(chưa ghi cơ quan)') as lead_agency, s.task_id, s.report_date,
        report_has_date(s.progress_note) as has_date,
        report_has_quantity(s.progress_note) as has_quantity,
        report_has_output(s.progress_note) as has_output,
        report_score(s.progress_note) as score,
        is_vague_report(s.progress_note) as is_vague
    from stg_tasks s
    where s.load_id in (select load_id from pending_task_loads) and coalesce(s.is_own, true)
      and s.status not in ('done_on_time', 'done_late') and trim(coalesce(s.progress_note, '')) <> ''
),
earlier as (
    -- for each agency and task of a new load, the earlier loads that had a report on it
    select n.load_id, n.lead_agency, n.task_id, list_sort(list_distinct(list(r.load_id))) as earlier_loads
    from (select distinct load_id, lead_agency, task_id from new_reports) n
    left join reported r on r.lead_agency = n.lead_agency and r.task_id = n.task_id and r.load_id < n.load_id
    group by n.load_id, n.lead_agency, n.task_id
)
select
    n.load_id, n.lead_agency, e.earlier_loads,
    count(*) as reports,
    count(distinct n.task_id) as tasks,
    count(*) filter (where n.is_vague) as vague,
    count(*) filter (where n.has_date) as with_date,
    count(*) filter (where n.has_quantity) as with_quantity,
    count(*) filter (where n.has_output) as with_output,
    sum(n.score) as score_sum,
    min(n.report_date) as first_report_date,
    max(n.report_date) as last_report_date
from new_reports n
join earlier e using (load_id, lead_agency, task_id)
group by n.load_id, n.lead_agency, e.earlier_loads;

-- Every agency a load has own rows of but no report to score: a line of zeros, so that the newest
-- load of an agency in a month is known (vague_reports reads one load an agency and month).
insert into task_reports_by_load
select s.load_id, coalesce(s.lead_agency, '(chưa ghi cơ quan)') as agency, [], 0, 0, 0, 0, 0, 0, 0,
       min(s.report_date), max(s.report_date)
from stg_tasks s
where s.load_id in (select load_id from pending_task_loads) and coalesce(s.is_own, true)
  and not exists (select 1 from task_reports_by_load r
                  where r.load_id = s.load_id and r.lead_agency = coalesce(s.lead_agency, '(chưa ghi cơ quan)'))
group by all;

-- The agencies each row names as coordinating (groups left out), as coordinator_delays reads them.
update stg_tasks set coordinating_list = coordinating_agency_list(coordinating_agencies)
where load_id in (select load_id from pending_task_loads);

-- Last: the score of each row's report, which also marks its load as done.
update stg_tasks set note_score = report_score(progress_note) where note_score is null;

drop table pending_task_loads;
