-- Current rows of disbursement: one row per project.
-- For each unit (the row's report_unit, or its commune_code), the rows of the newest load
-- covering it: its own report or the newest compilation (load_parts.sql); a row of another unit
-- that a unit's report carries is kept in history only (is_own false). A project_id reported by two
-- loads shows once, from the newer. `disbursement_at(as_ofs)`: the same for each as-of date (column as_of).
create or replace macro disbursement_at(as_ofs) as table
with shown as (
    select * from whole_loads_at(as_ofs) where dataset = 'disbursement'
),
parts as (
    select * from unit_parts_at(as_ofs) where dataset = 'disbursement'
),
candidates as (
    select s.* exclude (source_row), s.source_row, l.file_name as source_file, k.as_of, k.recency as load_recency
    from stg_disbursement s
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
    partition by as_of, coalesce(project_id, 'dòng ' || load_id || ':' || source_row) order by load_recency desc) = 1;

create or replace view disbursement as
select * exclude (as_of) from disbursement_at(['infinity'::date]);
