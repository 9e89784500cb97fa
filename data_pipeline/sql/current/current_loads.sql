-- The loads shown now, one row each, with the part each plays ('compilation', 'unit', 'notice', or
-- 'month' for the datasets kept month by month): what every figure of a page or the brief comes
-- from. Created after the views of every dataset (store.sql_files), as it reads those of the
-- monthly ones; the loads of the others come from load_parts.sql, without reading their rows.
create or replace view current_loads as
with shown as (
    select load_id, min(part) as part from whole_loads_at(['infinity'::date])
    where dataset not in ('revenue', 'trade', 'growth')
    group by load_id
    union all select distinct load_id, 'month' from revenue
    union all select distinct load_id, 'month' from trade
    union all select distinct load_id, 'month' from growth
)
select l.* exclude (recency), s.part
from ranked_loads l
join shown s using (load_id);
