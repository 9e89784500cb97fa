-- Units that have not sent their report of the month the figures are now for (the latest month
-- any report of the dataset is for), once its due day has passed: the warning of the pages.
-- $dataset: one dataset, or NULL for all.
with latest as (
    select dataset, max(date_trunc('month', report_date))::date as month
    from ranked_loads
    where load_kind = 'report'
    group by dataset
)
select r.dataset, r.month, r.due_date, r.reporting_unit, coalesce(c.commune_name, r.reporting_unit) as unit_name
from report_status r
join latest l using (dataset, month)
left join communes c on c.commune_code = r.reporting_unit
where r.state = 'missing' and ($dataset is null or r.dataset = $dataset)
order by r.dataset, unit_name
