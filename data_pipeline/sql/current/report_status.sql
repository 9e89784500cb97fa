-- Who has reported, month by month: one row per dataset, month and unit expected to report.
-- Expected: for tasks, every lead agency with a task not done now; for the other datasets, every
-- unit that has sent its own report before, and the units settings.toml lists ([reports]).
-- A unit has reported for a month when an active load of that month (by its report_date) covers
-- it: its own report, or a compilation that lists it. Due on the settings' day of that month
-- (the 23rd unless set). `report_status_on(today)` judges the states on a given day; the view on
-- the current date.
create or replace macro report_status_on(today) as table
with due as (
    select coalesce(max(try_cast(value as integer)) filter (where key = 'due_day'), 23) as day from reporting_rules
),
months as (
    select dataset, unnest(generate_series(date_trunc('month', min(report_date)),
                                           date_trunc('month', max(greatest(report_date, cast(today as date)))),
                                           interval 1 month))::date as month
    from ranked_loads
    where load_kind = 'report'
    group by dataset
),
open_task_leads as (
    select distinct 'tasks' as dataset, report_unit as unit
    from tasks
    where report_unit is not null and status not in ('done_on_time', 'done_late')
),
reported_before as (
    select l.dataset, u.unit, min(date_trunc('month', l.report_date))::date as since
    from ranked_loads l
    join load_units u using (load_id)
    where l.reporting_unit is not null and l.load_kind = 'report' and u.own and l.dataset <> 'tasks'
    group by l.dataset, u.unit
),
expected as (
    select m.dataset, m.month, e.unit from months m join open_task_leads e using (dataset)
    union
    select m.dataset, m.month, r.unit from months m join reported_before r on r.dataset = m.dataset and r.since <= m.month
    union
    select m.dataset, m.month, x.unit from months m join expected_units x using (dataset)
),
covering as (
    select l.dataset, date_trunc('month', l.report_date)::date as month, u.unit,
           min(l.loaded_at) as reported_at
    from ranked_loads l
    join load_units u using (load_id)
    where l.load_kind = 'report' and u.own
    group by all
),
judged as (
    select e.dataset, e.month, e.unit as reporting_unit,
           least(make_date(year(e.month), month(e.month), (select day from due)), last_day(e.month)) as due_date,
           c.reported_at
    from expected e
    left join covering c using (dataset, month, unit)
)
select *,
       case when reported_at is not null and cast(reported_at as date) <= due_date then 'on_time'
            when reported_at is not null then 'late'
            when cast(today as date) > due_date then 'missing'
            else 'due' end as state
from judged;

create or replace view report_status as
select * from report_status_on(current_date);
