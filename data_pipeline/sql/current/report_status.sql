-- Who has reported, month by month: one row per dataset, month and unit expected to report.
-- Expected: for tasks, every lead agency with a task not done now; for the other datasets, every
-- unit that has sent its own report before, and the units settings.toml lists ([reports]).
-- A unit has reported for a month when an active load of that month (by its report_date) covers
-- it: its own report, or a compilation that lists it. Due on the settings' day of that month
-- (the 23rd unless set). `report_status_on(today)` judges the states on a given day; the view on
-- the current date. The parts that do not depend on the day (report_span, report_expected,
-- report_arrivals) are views here and tables in the read snapshot, so the board reads no history.

-- The first and last month each dataset has reports for.
create or replace view report_span as
select dataset, min(date_trunc('month', report_date))::date as first_month,
       max(date_trunc('month', report_date))::date as last_month
from ranked_loads
where load_kind = 'report'
group by dataset;

-- The units expected to report, and from which month (NULL: every month).
create or replace view report_expected as
select distinct 'tasks' as dataset, report_unit as unit, null::date as since
from tasks
where report_unit is not null and status not in ('done_on_time', 'done_late')
union all
select l.dataset, u.unit, min(date_trunc('month', l.report_date))::date
from ranked_loads l
join load_units u using (load_id)
where l.reporting_unit is not null and l.load_kind = 'report' and u.own and l.dataset <> 'tasks'
group by l.dataset, u.unit
union all
select dataset, unit, null::date from expected_units;

-- When each unit's figures of each month first arrived.
create or replace view report_arrivals as
select l.dataset, date_trunc('month', l.report_date)::date as month, u.unit, min(l.loaded_at) as reported_at
from ranked_loads l
join load_units u using (load_id)
where l.load_kind = 'report' and u.own
group by all;

create or replace macro report_status_on(today) as table
with due as (
    select coalesce(max(try_cast(value as integer)) filter (where key = 'due_day'), 23) as day from reporting_rules
),
months as (
    select dataset, unnest(generate_series(first_month, greatest(last_month, date_trunc('month', cast(today as date))),
                                           interval 1 month))::date as month
    from report_span
),
expected as (
    select distinct m.dataset, m.month, e.unit
    from months m
    join report_expected e on e.dataset = m.dataset and (e.since is null or e.since <= m.month)
),
judged as (
    select e.dataset, e.month, e.unit as reporting_unit,
           least(make_date(year(e.month), month(e.month), (select day from due)), last_day(e.month)) as due_date,
           a.reported_at
    from expected e
    left join report_arrivals a using (dataset, month, unit)
)
select *,
       case when reported_at is not null and cast(reported_at as date) <= due_date then 'on_time'
            when reported_at is not null then 'late'
            when cast(today as date) > due_date then 'missing'
            else 'due' end as state
from judged;

create or replace view report_status as
select * from report_status_on(current_date);
