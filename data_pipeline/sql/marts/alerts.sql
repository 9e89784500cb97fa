-- One list of warnings across all domains, most serious first. severity: 1 = đỏ, 2 = vàng.
-- Optional filters (domain, severity, commune_code; NULL: all) and a page (limit, offset; NULL: every
-- row); alert_counts and red_items count and page the same rows (_alert_rows.sql).
with alert_rows as (
    -- rows of mart: _alert_rows
)
select * exclude (position)
from alert_rows
where ($domain is null or domain = $domain)
  and ($severity is null or severity = $severity)
  and ($commune_code is null or commune_code = $commune_code)
order by position
limit $limit offset $offset
