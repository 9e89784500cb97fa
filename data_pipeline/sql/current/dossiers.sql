-- Current rows of dossiers: the report of the province's administrative-procedure system, or of
-- each unit, one row per unit and field.
-- For each unit (the row's report_unit, or its commune_code), the rows of the newest load
-- covering it: its own report or the newest compilation (load_parts.sql); a row of another unit
-- that a unit's report carries is kept in history only (is_own false). A unit_key reported by two
-- loads shows once, from the newer. `dossiers_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro dossiers_at(as_ofs) as table
with shown as (
    select * from whole_loads_at(as_ofs) where dataset = 'dossiers'
),
parts as (
    select * from unit_parts_at(as_ofs) where dataset = 'dossiers'
),
candidates as (
    select s.* exclude (source_row), s.source_row, l.file_name as source_file, k.as_of, k.recency as load_recency
    from stg_dossiers s
    join shown k on k.load_id = s.load_id
    join loads l on l.load_id = s.load_id
    left join parts p1 on p1.as_of = k.as_of and p1.unit = s.report_unit
    left join parts p2 on p2.as_of = k.as_of and p2.unit = s.commune_code
    where coalesce(s.is_own, true)
      and case k.part
              when 'notice' then true
              when 'unit' then case when coalesce(p1.recency, 0) >= coalesce(p2.recency, 0) then p1.load_id else p2.load_id end = s.load_id
              else case when coalesce(p1.recency, 0) >= coalesce(p2.recency, 0) then p1.load_id else p2.load_id end is null
          end
)
select * exclude (load_recency)
from candidates
qualify row_number() over (
    partition by as_of, coalesce(unit_key, 'dòng ' || load_id || ':' || source_row) order by load_recency desc) = 1;

create or replace view dossiers as
select * exclude (as_of) from dossiers_at(['infinity'::date]);
