-- How many warnings each domain has, and how many of them are red and amber: the alerts mart's own
-- rows, counted (the overview's domain pills and captions). A commune_code counts one commune's.
with alerts as (
    -- rows of mart: _alert_rows
)
select domain,
       count(*) as total,
       count(*) filter (where severity = 1) as red,
       count(*) filter (where severity = 2) as amber
from alerts
where ($domain is null or domain = $domain)
  and ($severity is null or severity = $severity)
  and ($commune_code is null or commune_code = $commune_code)
group by domain
order by domain
