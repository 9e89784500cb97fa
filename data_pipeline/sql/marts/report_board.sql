-- Who has reported for a month ($month, a first day; NULL: the latest month any report is for),
-- dataset by dataset, the units that are late or have not reported first.
with chosen as (
    select coalesce(cast($month as date),
                    (select max(date_trunc('month', report_date))::date from ranked_loads where load_kind = 'report'))
           as month
)
select r.dataset, r.month, r.reporting_unit, coalesce(c.commune_name, r.reporting_unit) as unit_name,
       r.due_date, r.reported_at, r.state
from report_status r
left join communes c on c.commune_code = r.reporting_unit
where r.month = (select month from chosen)
order by r.dataset,
         case r.state when 'missing' then 1 when 'late' then 2 when 'due' then 3 else 4 end,
         unit_name
