-- Where each unit's current figures come from: for every dataset kept whole and every unit its
-- rows belong to, the load, file and as-of date they were read from (its own report, or the
-- compilation), so a leader sees that one agency's figures are from 21/11 and another's from 31/10.
-- $dataset: one dataset, or NULL for all.
with per_unit as (
    select 'tasks' as dataset, report_unit, load_id, count(*) as rows from tasks group by all
    union all select 'disbursement', report_unit, load_id, count(*) from disbursement group by all
    union all select 'mining', report_unit, load_id, count(*) from mining group by all
    union all select 'dossiers', report_unit, load_id, count(*) from dossiers group by all
    union all select 'petitions', report_unit, load_id, count(*) from petitions group by all
)
select p.dataset, p.report_unit, coalesce(c.commune_name, p.report_unit, '(không ghi đơn vị)') as unit_name,
       p.load_id, p.rows, l.file_name, l.report_date, l.loaded_at, l.reporting_unit, l.part
from per_unit p
join current_loads l using (load_id)
left join communes c on c.commune_code = p.report_unit
where $dataset is null or p.dataset = $dataset
order by p.dataset, l.report_date desc, unit_name
