-- The meeting's list: the red warnings in the alerts mart's order, each with the latest report on its
-- item (_item_reports.sql) and its item_key; total is how many red warnings there are. A page
-- of them (limit, offset) is ordered first (in the alerts mart's order) and only then joined to its
-- reports. Not materialized: the count then reads only the columns it needs, the page only its rows.
with alerts as not materialized (
    -- rows of mart: _alert_rows
),
red as not materialized (
    select * from alerts where severity = 1
),
page as (
    select * from red
    order by position
    limit $limit offset $offset
),
reports as (
    -- rows of mart: _item_reports
),
latest_reports as (
    select * from reports
    where (link_param, link_value) in (select link_param, link_value from page)
    qualify row_number() over (partition by link_param, link_value order by report_date desc nulls last) = 1
)
select page.severity, page.domain, page.kind, page.title, page.responsible, page.deadline, page.commune_code,
       page.link_param, page.link_value, page.weight,
       r.report_text, r.expected_output, r.coordinating_agencies, r.plan_vnd, r.disbursed_vnd, r.license_expiry,
       r.report_date, r.source_file,
       page.link_param || ':' || page.link_value as item_key,
       (select count(*) from red) as total
from page
left join latest_reports r using (link_param, link_value)
order by page.position
