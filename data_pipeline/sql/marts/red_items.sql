-- The meeting's list: the red warnings in the alerts mart's order, each with the latest report on its
-- item (the item_reports mart) and its item_key; total is how many red warnings there are. A page
-- of them (limit, offset) is ordered first and only then joined to its reports.
with alerts as (
    -- rows of mart: alerts
),
red as (
    select *, count(*) over () as total
    from alerts
    where severity = 1
    order by severity, weight desc, domain, title, link_value
    limit $limit offset $offset
),
reports as (
    -- rows of mart: item_reports
),
latest_reports as (
    select * from reports
    where (link_param, link_value) in (select link_param, link_value from red)
    qualify row_number() over (partition by link_param, link_value order by report_date desc nulls last) = 1
)
select red.severity, red.domain, red.kind, red.title, red.responsible, red.deadline, red.commune_code,
       red.link_param, red.link_value, red.weight,
       r.report_text, r.expected_output, r.coordinating_agencies, r.plan_vnd, r.disbursed_vnd, r.license_expiry,
       r.report_date, r.source_file,
       red.link_param || ':' || red.link_value as item_key,
       red.total
from red
left join latest_reports r using (link_param, link_value)
order by red.severity, red.weight desc, red.domain, red.title, red.link_value
