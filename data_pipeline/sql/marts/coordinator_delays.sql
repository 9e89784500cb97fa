-- Coordinating agencies named on tasks that are overdue: who holds others up, and how often.
with current_tasks as (
    select * from tasks where coordinating_agencies is not null and coordinating_agencies <> ''
),
named as (
    select
        trim(unnest(regexp_split_to_array(coordinating_agencies, '\s*[;,]\s*|\s+và\s+'))) as agency,
        status, deadline, report_date
    from current_tasks
)
select
    agency,
    count(*) as tasks_coordinating,
    count(*) filter (where status = 'overdue') as overdue,
    count(*) filter (where status = 'done_late') as done_late,
    round(avg(case when status = 'overdue' then report_date - deadline end), 1) as avg_days_overdue
from named
where agency <> '' and lower(agency) not like '%cơ quan liên quan%' and lower(agency) not like '%đơn vị liên quan%'
group by agency
having count(*) filter (where status in ('overdue', 'done_late')) > 0
order by overdue desc, done_late desc, agency
